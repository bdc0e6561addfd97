package dev.encore.media.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-level reading shared by the format sniffer and the frame checks: magic numbers, ID3 sizes, positional reads. */
final class Bytes {

    private Bytes() {
    }

    /** Whether {@code data} holds {@code magic} (ISO-8859-1) at {@code offset}; {@code false} past the end. */
    static boolean at(byte[] data, int offset, String magic) {
        byte[] expected = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (offset < 0 || offset + expected.length > data.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** An ID3v2 "syncsafe" integer: four bytes of seven bits each. */
    static long syncsafe(byte[] data, int offset) {
        return ((data[offset] & 0x7FL) << 21) | ((data[offset + 1] & 0x7FL) << 14)
               | ((data[offset + 2] & 0x7FL) << 7) | (data[offset + 3] & 0x7FL);
    }

    /** Up to {@code max} bytes from {@code position}; fewer at the end of the file. */
    static byte[] read(FileChannel channel, long position, int max) throws IOException {
        long available = Math.max(0, channel.size() - position);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, available));
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // positional reads until full or end of file
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
