package dev.encore.media.storage;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Stream URLs name blobs as {@code <sha256 hex>.<extension>}; anything else never reaches the file system. */
class BlobKeyTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void aSha256AndAnExtensionIsAKey() {
        assertThat(BlobStore.isValidKey(SHA + ".mp3"), is(true));
        assertThat(BlobStore.isValidKey(SHA + ".m4a"), is(true));
        assertThat(BlobStore.isValidKey(SHA + ".ogg"), is(true));
        assertThat(BlobStore.isValidKey(SHA + ".flac"), is(true));
        assertThat(BlobStore.isValidKey(SHA + ".abcde"), is(true));
    }

    @Test
    void anythingElseIsNot() {
        assertThat(BlobStore.isValidKey(null), is(false));
        assertThat(BlobStore.isValidKey(""), is(false));
        assertThat(BlobStore.isValidKey(SHA), is(false));
        assertThat(BlobStore.isValidKey(SHA + "."), is(false));
        assertThat(BlobStore.isValidKey(SHA + ".m"), is(false));
        assertThat(BlobStore.isValidKey(SHA + ".abcdef"), is(false));
        assertThat(BlobStore.isValidKey(SHA.toUpperCase() + ".mp3"), is(false));
        assertThat(BlobStore.isValidKey(SHA.substring(1) + "0.MP3"), is(false));
        assertThat(BlobStore.isValidKey(SHA.substring(1) + ".mp3"), is(false));
        assertThat(BlobStore.isValidKey(SHA + "0.mp3"), is(false));
        assertThat(BlobStore.isValidKey(SHA + ".mp3/"), is(false));
        assertThat(BlobStore.isValidKey(SHA + "..mp"), is(false));
        assertThat(BlobStore.isValidKey("../../" + SHA.substring(6) + ".mp3"), is(false));
        assertThat(BlobStore.isValidKey(SHA.substring(0, 63) + "g.mp3"), is(false));
    }
}
