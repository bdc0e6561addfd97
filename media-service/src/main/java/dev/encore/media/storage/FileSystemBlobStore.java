package dev.encore.media.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

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
    /**
     * One copy buffer holds a whole typical player range (256 KiB), so a range is one socket write (with the small first
     * write of {@code PartialBody}, bench/range-bench.sh measured about a fifth less server CPU per range than 64 KiB).
     */
    private static final int BUFFER = 256 * 1024;
    /** Larger blobs are read through a channel: one mapping is limited to 2 GiB, and huge files are rarely hot. */
    static final long MAX_MAPPED = 1L << 30;
    private static final int MAX_MAPPINGS = 1024;
    /** Copy buffers, reused across responses (at most 64, 16 MiB): at 1 GB/s, one per response keeps the GC busy. */
    private static final BlockingQueue<byte[]> BUFFERS = new ArrayBlockingQueue<>(64);

    private final Map<String, Mapping> mappings = new ConcurrentHashMap<>();

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

    /**
     * Opens a blob. Blobs of up to {@value #MAX_MAPPED} bytes are memory-mapped once and the mapping reused while the
     * file stays the same (stored blobs never change, they are only deleted): a range is then one copy from the page
     * cache, with no read system call and no temporary direct buffer, which is what made positional reads on virtual
     * threads cost about half of nginx's throughput. Each request still checks that the file exists, so a blob deleted
     * by another replica stops being served at once.
     */
    @Override
    public Optional<StoredBlob> open(String key) throws IOException {
        if (!BlobStore.isValidKey(key)) {
            return Optional.empty();
        }
        Path file = path(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            mappings.remove(key);
            return Optional.empty();
        }
        Instant lastModified = attributes.lastModifiedTime().toInstant();
        if (attributes.size() > MAX_MAPPED) {
            return openChannel(file, lastModified);
        }
        Mapping mapping = mappings.get(key);
        if (mapping == null || !mapping.describes(attributes)) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            try {
                // The channel stays open with the mapping, for sendfile; both are released by the GC once no
                // response uses them (closing the channel under a transfer in flight would lose track of its bytes).
                mapping = new Mapping(attributes.fileKey(), attributes.size(), lastModified,
                                      channel.map(FileChannel.MapMode.READ_ONLY, 0, attributes.size()), channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (mappings.size() >= MAX_MAPPINGS) {
                // Dropping a mapping only unmaps it once the last response using it is done (it is garbage then).
                mappings.keySet().stream().limit(MAX_MAPPINGS / 4).toList().forEach(mappings::remove);
            }
            mappings.put(key, mapping);
        }
        return Optional.of(new MappedBlob(mapping));
    }

    private static Optional<StoredBlob> openChannel(Path file, Instant lastModified) throws IOException {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return Optional.of(new FileBlob(channel, channel.size(), lastModified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        mappings.remove(key);
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

    private record Mapping(Object fileKey, long size, Instant lastModified, MappedByteBuffer buffer,
                           FileChannel channel) {

        boolean describes(BasicFileAttributes attributes) {
            return Objects.equals(fileKey, attributes.fileKey()) && size == attributes.size()
                   && lastModified.equals(attributes.lastModifiedTime().toInstant());
        }
    }

    /** One response's view of a mapped blob. */
    private record MappedBlob(Mapping mapping) implements StoredBlob {

        @Override
        public long size() {
            return mapping.size();
        }

        @Override
        public Instant lastModified() {
            return mapping.lastModified();
        }

        @Override
        public void copyTo(long position, long count, OutputStream out) throws IOException {
            byte[] buffer = borrow();
            try {
                long at = position;
                long end = position + count;
                while (at < end) {
                    int length = (int) Math.min(buffer.length, end - at);
                    mapping.buffer().get((int) at, buffer, 0, length); // absolute: the shared buffer's position stays put
                    out.write(buffer, 0, length);
                    at += length;
                }
            } finally {
                BUFFERS.offer(buffer);
            }
        }

        @Override
        public long sendTo(long position, long count, FileChannel socket) throws IOException {
            return mapping.channel().transferTo(position, count, socket);
        }

        @Override
        public void close() {
            // nothing per response: the mapping and its channel are shared
        }
    }

    private static byte[] borrow() {
        byte[] buffer = BUFFERS.poll();
        return buffer != null ? buffer : new byte[BUFFER];
    }

    private record FileBlob(FileChannel channel, long size, Instant lastModified) implements StoredBlob {

        @Override
        public void copyTo(long position, long count, OutputStream out) throws IOException {
            // Positional reads into one buffer per response: no whole-file reads, nothing shared between requests.
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
        public long sendTo(long position, long count, FileChannel socket) throws IOException {
            return channel.transferTo(position, count, socket);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
