/** Where audio bytes live: one content-addressed {@link dev.encore.media.storage.BlobStore} interface and its implementations. */
package dev.encore.media.storage;
