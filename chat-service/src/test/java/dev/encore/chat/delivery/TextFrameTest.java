package dev.encore.chat.delivery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TextFrameTest {

    /** Reads one unmasked frame per RFC 6455 section 5.2: FIN and opcode, then the 7, 16 or 64-bit payload length. */
    private static String decode(ByteBuffer wire) {
        assertThat("FIN + text opcode", wire.get() & 0xFF, is(0x81));
        int length7 = wire.get() & 0xFF;
        assertThat("server frames are not masked", length7 & 0x80, is(0));
        long length = length7 == 126 ? wire.getShort() & 0xFFFF : length7 == 127 ? wire.getLong() : length7;
        assertThat("payload fills the rest of the frame", (long) wire.remaining(), is(length));
        byte[] payload = new byte[(int) length];
        wire.get(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void encodesEachLengthFormAsAWebSocketTextFrame() {
        // 125 is the largest 7-bit length; 126 and 65535 take the 16-bit form; 65536 the 64-bit one.
        for (int length : new int[] {0, 1, 125, 126, 65535, 65536, 200_000}) {
            String text = "x".repeat(length);
            TextFrame frame = TextFrame.of(text);
            assertThat(decode(frame.wire()), is(text));
            assertThat(frame.text(), is(text));
        }
    }

    @Test
    void lengthCountsUtf8BytesNotCharacters() {
        String text = "{\"text\":\"héllo ♫ 𝄞\"}";
        TextFrame frame = TextFrame.of(text);
        assertThat(frame.wireLength(), is(2 + text.getBytes(StandardCharsets.UTF_8).length));
        assertThat(decode(frame.wire()), is(text));
    }

    @Test
    void framesAppendedToOneBufferStayWholeFrames() {
        TextFrame small = TextFrame.of("a");
        TextFrame large = TextFrame.of("b".repeat(300));
        ByteBuffer out = ByteBuffer.allocate(small.wireLength() + large.wireLength());
        small.writeTo(out);
        large.writeTo(out);
        out.flip();
        ByteBuffer first = out.slice(0, 3);
        ByteBuffer second = out.slice(3, out.limit() - 3);
        assertThat(decode(first), is("a"));
        assertThat(decode(second), is("b".repeat(300)));
    }
}
