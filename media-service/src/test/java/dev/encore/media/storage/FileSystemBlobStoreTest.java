package dev.encore.media.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileSystemBlobStoreTest {

    private static final String KEY = "ab".repeat(32) + ".flac";

    @TempDir
    Path root;

    @Test
    void commitsStagedFileUnderItsKeyAndReadsRanges() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        Path staged = store.newStagingFile();
        Files.writeString(staged, "0123456789");
        assertThat(store.commit(staged, KEY), is(true));
        assertThat(Files.exists(staged), is(false));
        assertThat(Files.exists(root.resolve("ab/ab/" + KEY)), is(true));
        try (StoredBlob blob = store.open(KEY).orElseThrow()) {
            assertThat(blob.size(), is(10L));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            blob.copyTo(3, 4, out);
            assertThat(out.toString(), is("3456"));
        }
    }

    @Test
    void secondCommitOfTheSameKeyDiscardsTheCopy() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        Path first = store.newStagingFile();
        Files.writeString(first, "same");
        store.commit(first, KEY);
        Path second = store.newStagingFile();
        Files.writeString(second, "same");
        assertThat(store.commit(second, KEY), is(false));
        assertThat(Files.exists(second), is(false));
    }

    @Test
    void unknownAndMalformedKeysAreAbsent() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThat(store.open(KEY).isPresent(), is(false));
        assertThat(store.open("../../etc/passwd").isPresent(), is(false));
        assertThat(store.open("AB".repeat(32) + ".mp3").isPresent(), is(false));
        assertThat(store.delete("../x"), is(false));
        assertThrows(IllegalArgumentException.class, () -> store.path("../x"));
    }

    @Test
    void deleteRemovesTheBlob() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        Path staged = store.newStagingFile();
        store.commit(staged, KEY);
        assertThat(store.delete(KEY), is(true));
        assertThat(store.open(KEY).isPresent(), is(false));
    }

    @Test
    void staleStagingFilesOfDeadUploadsAreRemovedAtStartup() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        Path stale = store.newStagingFile();
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = store.newStagingFile();
        new FileSystemBlobStore(root);
        assertThat(Files.exists(stale), is(false));
        assertThat(Files.exists(fresh), is(true));
    }
}
