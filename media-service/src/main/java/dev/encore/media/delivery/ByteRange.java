package dev.encore.media.delivery;

/**
 * An inclusive range of byte positions of a representation, already resolved against its size (so a suffix range
 * {@code -500} of a 1000-byte file is {@code 500-999}).
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value for this range of a representation of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
