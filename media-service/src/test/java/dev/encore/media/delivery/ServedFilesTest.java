package dev.encore.media.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.storage.FileSystemBlobStore;
import dev.encore.media.storage.StoredBlob;
import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

class ServedFilesTest {

    private static final String SHA = "cd".repeat(32);
    private static final String KEY = SHA + ".mp3";

    @TempDir
    Path root;

    @Test
    void buildsTheHeadersOfAFileOnceAndReusesThemWhileItIsUnchanged() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        store(store, "some bytes", Instant.parse("2026-12-01T03:04:05.678Z"));
        ServedFiles files = new ServedFiles();
        ServedFiles.ServedFile first;
        try (StoredBlob blob = store.open(KEY).orElseThrow()) {
            first = files.of(KEY, AudioFormat.MP3, blob);
        }
        assertThat(first.etag(), is("\"" + SHA + "\""));
        assertThat(first.etagHeader().name(), is(HeaderNames.ETAG.defaultCase()));
        assertThat(first.etagHeader().get(), is("\"" + SHA + "\""));
        assertThat(first.lastModifiedHeader().get(), is("Tue, 01 Dec 2026 03:04:05 GMT"));
        assertThat(first.contentType().get(), is("audio/mpeg"));
        try (StoredBlob blob = store.open(KEY).orElseThrow()) {
            assertThat(files.of(KEY, AudioFormat.MP3, blob), sameInstance(first));
        }
    }

    @Test
    void aFileDeletedAndStoredAgainGetsItsNewLastModified() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        store(store, "some bytes", Instant.parse("2026-12-01T03:04:05Z"));
        ServedFiles files = new ServedFiles();
        ServedFiles.ServedFile before;
        try (StoredBlob blob = store.open(KEY).orElseThrow()) {
            before = files.of(KEY, AudioFormat.MP3, blob);
        }
        store.delete(KEY);
        store(store, "some bytes", Instant.parse("2026-12-02T10:00:00Z"));
        try (StoredBlob blob = store.open(KEY).orElseThrow()) {
            ServedFiles.ServedFile after = files.of(KEY, AudioFormat.MP3, blob);
            assertThat(after, not(sameInstance(before)));
            assertThat(after.lastModifiedHeader().get(), is("Wed, 02 Dec 2026 10:00:00 GMT"));
        }
    }

    @Test
    void tellsTheFormatFromTheKeysExtension() {
        ServedFiles files = new ServedFiles();
        assertThat(files.format(SHA + ".flac").orElseThrow(), is(AudioFormat.FLAC));
        assertThat(files.format(SHA + ".exe").isPresent(), is(false));
    }

    @Test
    void staysBoundedWhenManyFilesAreServed() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        store(store, "some bytes", Instant.parse("2026-12-01T03:04:05Z"));
        ServedFiles files = new ServedFiles();
        try (StoredBlob blob = store.open(KEY).orElseThrow()) {
            for (int i = 0; i < ServedFiles.MAX_ENTRIES * 2; i++) {
                files.of(String.format("%064x", i) + ".mp3", AudioFormat.MP3, blob);
            }
        }
        assertThat(files.size() <= ServedFiles.MAX_ENTRIES, is(true));
    }

    private static void store(FileSystemBlobStore store, String content, Instant modified) throws IOException {
        Path staged = store.newStagingFile();
        Files.writeString(staged, content);
        Files.setLastModifiedTime(staged, FileTime.from(modified));
        store.commit(staged, KEY);
    }
}
