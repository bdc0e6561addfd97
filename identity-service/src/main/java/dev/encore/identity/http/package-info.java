/** HTTP concerns shared by the resources: body size limit and the client address. */
package dev.encore.identity.http;
