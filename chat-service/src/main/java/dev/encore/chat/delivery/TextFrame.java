package dev.encore.chat.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A server-to-client text frame encoded once: the JSON text and the complete WebSocket frame (header and UTF-8
 * payload, unmasked as server frames are) that every socket of a room is sent as is. Tyrus's {@code sendText} would
 * encode the string and build the frame again for each of the room's sockets.
 */
public final class TextFrame {

    private final String text;
    private final byte[] wire;

    private TextFrame(String text, byte[] wire) {
        this.text = text;
        this.wire = wire;
    }

    public static TextFrame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int header = payload.length < 126 ? 2 : payload.length <= 0xFFFF ? 4 : 10;
        byte[] wire = new byte[header + payload.length];
        wire[0] = (byte) 0x81; // FIN, text
        if (header == 2) {
            wire[1] = (byte) payload.length;
        } else if (header == 4) {
            wire[1] = 126;
            wire[2] = (byte) (payload.length >>> 8);
            wire[3] = (byte) payload.length;
        } else {
            wire[1] = 127;
            long length = payload.length;
            for (int i = 0; i < 8; i++) {
                wire[2 + i] = (byte) (length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, wire, header, payload.length);
        return new TextFrame(text, wire);
    }

    public String text() {
        return text;
    }

    int wireLength() {
        return wire.length;
    }

    /** The encoded frame, as a new buffer over the shared bytes: for reading only. */
    ByteBuffer wire() {
        return ByteBuffer.wrap(wire);
    }

    /** Appends the encoded frame to {@code out}, which has at least {@link #wireLength()} bytes left. */
    void writeTo(ByteBuffer out) {
        out.put(wire);
    }

    @Override
    public String toString() {
        return text;
    }
}
