package dev.encore.media.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.time.Instant;

/** An open stored file: its facts, and ranged reads of its bytes without loading the whole of it. */
public interface StoredBlob extends Closeable {

    long size();

    /** When these bytes were first stored; the {@code Last-Modified} of every response that serves them. */
    Instant lastModified();

    /** Writes exactly {@code count} bytes starting at {@code position} to {@code out}. */
    void copyTo(long position, long count, OutputStream out) throws IOException;

    /**
     * Sends up to {@code count} bytes starting at {@code position} straight from the file to {@code socket} (a socket's
     * descriptor as a channel: {@code FileChannel.transferTo} is then {@code sendfile(2)}, no copy in this process).
     * Returns how many were sent: fewer when the socket's buffer filled up, 0 when it takes none now (a non-blocking
     * socket) or when this blob cannot send this way; the caller writes the rest through the output stream, which
     * waits for room.
     */
    default long sendTo(long position, long count, FileChannel socket) throws IOException {
        return 0;
    }
}
