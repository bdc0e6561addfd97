package dev.encore.media.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartFilePartTest {

    private static final String BOUNDARY = "----encoreBoundary7MA4YWxkTrZu0gW";

    @Test
    void streamsTheFileFieldExactlyAfterOtherFields() throws IOException {
        byte[] file = randomBytes(300_000); // spans many buffer refills
        byte[] body = form(file, true);
        MultipartFilePart.Part part = MultipartFilePart.find(new TrickleStream(body), BOUNDARY, "file").orElseThrow();
        assertThat(part.contentType(), is("audio/mpeg"));
        assertArrayEquals(file, part.content().readAllBytes());
    }

    @Test
    void contentThatLooksLikeAPartialDelimiterIsKept() throws IOException {
        byte[] file = ("abc\r\n--" + BOUNDARY.substring(0, 10) + "xyz\r\n-").getBytes(StandardCharsets.ISO_8859_1);
        MultipartFilePart.Part part = MultipartFilePart.find(new ByteArrayInputStream(form(file, false)), BOUNDARY,
                                                             "file").orElseThrow();
        assertArrayEquals(file, part.content().readAllBytes());
    }

    @Test
    void missingFileFieldIsEmpty() throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--" + BOUNDARY
                      + "--\r\n";
        assertThat(MultipartFilePart.find(new ByteArrayInputStream(body.getBytes()), BOUNDARY, "file"),
                   is(Optional.empty()));
    }

    @Test
    void bodyCutOffInsideTheFileFails() throws IOException {
        byte[] body = form(randomBytes(100_000), false);
        byte[] cut = java.util.Arrays.copyOf(body, 50_000);
        InputStream content = MultipartFilePart.find(new ByteArrayInputStream(cut), BOUNDARY, "file").orElseThrow()
                .content();
        assertThrows(IOException.class, content::readAllBytes);
    }

    @Test
    void readsTheBoundaryParameter() {
        assertThat(MultipartFilePart.boundary("multipart/form-data; boundary=abc").orElseThrow(), is("abc"));
        assertThat(MultipartFilePart.boundary("multipart/form-data; BOUNDARY=\"a b\"; x=y").orElseThrow(), is("a b"));
        assertThat(MultipartFilePart.boundary("multipart/form-data"), is(Optional.empty()));
    }

    private static byte[] form(byte[] file, boolean withOtherField) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (withOtherField) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nSong\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
                   + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(file);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Hands out odd-sized chunks, as a socket does, so delimiters straddle reads. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7919));
        }
    }
}
