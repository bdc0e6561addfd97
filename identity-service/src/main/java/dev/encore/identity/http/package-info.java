/** HTTP concerns shared by the resources: the client address (the body size limit is service-support's). */
package dev.encore.identity.http;
