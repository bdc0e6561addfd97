/** The {@code /media} collection: upload (streamed, hashed, measured, deduplicated), look-up and delete. */
package dev.encore.media.upload;
