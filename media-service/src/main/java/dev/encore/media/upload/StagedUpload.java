package dev.encore.media.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.encore.media.storage.BlobStore;
import dev.encore.support.problem.ProblemException;

/**
 * An upload body received into a staging file, hashed on the way: one 64 KiB buffer whatever the size, so a 1 GB
 * upload needs no more heap than a 1 KB one. Closing it removes the staging file unless the store took it.
 */
final class StagedUpload implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final String sha256;
    private final long size;

    private StagedUpload(Path file, String sha256, long size) {
        this.file = file;
        this.sha256 = sha256;
        this.size = size;
    }

    /**
     * Reads {@code body} to its end into a new staging file of {@code store}.
     *
     * @throws TooLargeException when the body exceeds {@code maxBytes} (reading stops there)
     * @throws IOException       when the body ends early or the disk fails; nothing is left behind
     */
    static StagedUpload receive(InputStream body, BlobStore store, long maxBytes) throws IOException, TooLargeException {
        Path file = store.newStagingFile();
        boolean complete = false;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            MessageDigest digest = newDigest();
            byte[] buffer = new byte[BUFFER];
            long size = 0;
            for (int read; (read = read(body, buffer)) >= 0; ) {
                size += read;
                if (size > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                digest.update(buffer, 0, read);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            // Durable before it can be renamed into the store: a crash must not leave a short file under a hash key.
            out.force(true);
            complete = true;
            return new StagedUpload(file, HexFormat.of().formatHex(digest.digest()), size);
        } finally {
            if (!complete) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The server reports a client that went away mid-body with unchecked exceptions; to us it is a failed read. */
    private static int read(InputStream body, byte[] buffer) throws IOException {
        try {
            return body.read(buffer);
        } catch (ProblemException e) {
            throw e; // the request stream's own verdict (a body arriving too slowly is a 408) stays as it is
        } catch (RuntimeException e) {
            // The cause stays on the exception for the log; the client is told only what went wrong with its body.
            throw new BodyReadException("the body ended before its announced end", e);
        } catch (IOException e) {
            throw new BodyReadException("the body could not be read", e);
        }
    }

    Path file() {
        return file;
    }

    String sha256() {
        return sha256;
    }

    long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reading the client's body failed (it went away, or sent less than announced): the client's problem, not ours. */
    static final class BodyReadException extends IOException {
        BodyReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The body is larger than the configured limit. */
    static final class TooLargeException extends Exception {
        private final long limit;

        TooLargeException(long limit) {
            super("larger than " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }
}
