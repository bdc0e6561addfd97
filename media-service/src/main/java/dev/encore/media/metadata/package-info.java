/** What an uploaded file is: its format, told from the bytes, and its duration, stream facts and tags. */
package dev.encore.media.metadata;
