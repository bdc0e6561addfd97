package dev.encore.media.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.encore.media.MediaConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Blobs as files under {@code media.storage.root}: {@code ab/cd/<key>}, two directory levels so no directory grows to
 * millions of entries. Staging files live in {@code .staging/} under the same root, so a commit is an atomic rename
 * on one file system. On a shared volume (NFS, EFS, Filestore) several replicas can use the same root.
 */
@ApplicationScoped
public class FileSystemBlobStore implements BlobStore {

    private static final System.Logger LOG = System.getLogger(FileSystemBlobStore.class.getName());
    /** Staging files older than this belong to an upload whose process died; no live upload takes a day. */
    private static final Duration STALE_STAGING = Duration.ofHours(24);
    private static final int BUFFER = 64 * 1024;

    private Path root;
    private Path staging;

    @Inject
    MediaConfig config;

    FileSystemBlobStore() {
    }

    /** For tests and tools: a store rooted at {@code root}. */
    public FileSystemBlobStore(Path root) throws IOException {
        init(root);
    }

    @PostConstruct
    void init() {
        try {
            init(config.storageRoot());
        } catch (IOException e) {
            throw new IllegalStateException("MEDIA_STORAGE_ROOT (media.storage.root) " + config.storageRoot()
                                            + " cannot be used: " + e, e);
        }
    }

    private void init(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
        Files.createDirectories(staging);
        removeStaleStagingFiles();
    }

    /** Opens the store at startup, so a root that cannot be used stops the service at once with a clear message. */
    void openAtStartup(@jakarta.enterprise.event.Observes
                       @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object startup) {
        // Observing the event instantiated this bean, and @PostConstruct opened the root.
    }

    @Override
    public Path newStagingFile() throws IOException {
        return Files.createTempFile(staging, "upload-", ".part");
    }

    @Override
    public boolean commit(Path staged, String key) throws IOException {
        Path target = path(key);
        if (Files.exists(target)) {
            Files.deleteIfExists(staged);
            return false;
        }
        Files.createDirectories(target.getParent());
        try {
            // Atomic: a reader sees no file or the whole file. Two commits of one key race harmlessly (same bytes).
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(staged);
            return false;
        }
        return true;
    }

    @Override
    public Optional<StoredBlob> open(String key) throws IOException {
        if (!BlobStore.isValidKey(key)) {
            return Optional.empty();
        }
        Path file = path(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            // Facts from the open file itself, so a concurrent delete cannot make them disagree with the bytes.
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileBlob(channel, channel.size(), attributes.lastModifiedTime().toInstant()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (e instanceof NoSuchFileException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        return BlobStore.isValidKey(key) && Files.deleteIfExists(path(key));
    }

    Path path(String key) {
        if (!BlobStore.isValidKey(key)) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    private void removeStaleStagingFiles() throws IOException {
        Instant cutoff = Instant.now().minus(STALE_STAGING);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove stale staging file " + file + ": " + e);
                }
            }
        }
    }

    private record FileBlob(FileChannel channel, long size, Instant lastModified) implements StoredBlob {

        @Override
        public void copyTo(long position, long count, OutputStream out) throws IOException {
            // Positional reads into one buffer per response: no whole-file reads, nothing shared between requests.
            // (The server writes to its own socket abstraction, so sendfile-style transferTo would copy the same way.)
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, count)));
            long at = position;
            long end = position + count;
            while (at < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new EOFException("blob ended at " + at + ", expected " + end);
                }
                out.write(buffer.array(), 0, read);
                at += read;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
