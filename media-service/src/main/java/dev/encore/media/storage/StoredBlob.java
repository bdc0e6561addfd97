package dev.encore.media.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/** An open stored file: its facts, and ranged reads of its bytes without loading the whole of it. */
public interface StoredBlob extends Closeable {

    long size();

    /** When these bytes were first stored; the {@code Last-Modified} of every response that serves them. */
    Instant lastModified();

    /** Writes exactly {@code count} bytes starting at {@code position} to {@code out}. */
    void copyTo(long position, long count, OutputStream out) throws IOException;
}
