package dev.encore.media.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Ranges large enough to fill the socket's buffers, several on one keep-alive connection read by a slow client with a
 * small receive buffer: the bytes that sendfile writes beside Helidon's output stream, and the writes through that
 * stream while the socket is full, arrive exactly and in order, and the next response on the connection starts right
 * after. The stored file is written straight into the blob store (stream URLs need no database record).
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "media.storage.root", value = "target/sendfile-it-storage")
class SendfileRangesIT {

    private static final int SIZE = 10 * 1024 * 1024;

    @Inject
    WebTarget target;

    @Test
    void largeRangesOnOneConnectionArriveExactlyWhileTheClientReadsSlowly() throws Exception {
        assertThat("sendfile is what this test exercises (failsafe opens java.net)", SocketChannels.available(),
                   is(true));
        byte[] file = new byte[SIZE];
        new Random(16).nextBytes(file);
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)) + ".mp3";
        Path stored = Path.of("target/sendfile-it-storage", key.substring(0, 2), key.substring(2, 4), key);
        Files.createDirectories(stored.getParent());
        Files.write(stored, file);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8192);
            socket.connect(new InetSocketAddress(target.getUri().getHost(), target.getUri().getPort()), 5_000);
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();

            send(out, key, "bytes=1000-9000999");
            Thread.sleep(500); // the server's socket fills up before the client reads anything
            Map<String, String> headers = readHeaders(in);
            assertThat(headers.get("status"), is("HTTP/1.1 206 Partial Content"));
            assertThat(headers.get("content-range"), is("bytes 1000-9000999/" + SIZE));
            assertArrayEquals(Arrays.copyOfRange(file, 1000, 9_001_000), readSlowly(in, headers));

            send(out, key, "bytes=-300000");
            headers = readHeaders(in);
            assertThat(headers.get("content-range"), is("bytes " + (SIZE - 300_000) + "-" + (SIZE - 1) + "/" + SIZE));
            assertArrayEquals(Arrays.copyOfRange(file, SIZE - 300_000, SIZE), readSlowly(in, headers));

            send(out, key, null);
            headers = readHeaders(in);
            assertThat(headers.get("status"), is("HTTP/1.1 200 OK"));
            assertArrayEquals(file, readSlowly(in, headers));
        }
    }

    private static void send(OutputStream out, String key, String range) throws IOException {
        out.write(("GET /stream/" + key + " HTTP/1.1\r\nHost: localhost\r\n"
                   + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line (as "status") and the headers (names in lower case) of one response. */
    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the headers: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("status", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return headers;
    }

    /** Exactly Content-Length bytes, read 8 KiB at a time with pauses at first, so the server waits for room. */
    private static byte[] readSlowly(InputStream in, Map<String, String> headers) throws Exception {
        byte[] body = new byte[Integer.parseInt(headers.get("content-length"))];
        int at = 0;
        for (int reads = 0; at < body.length; reads++) {
            int n = in.read(body, at, Math.min(8192, body.length - at));
            if (n < 0) {
                throw new IOException("connection closed after " + at + " of " + body.length + " bytes");
            }
            at += n;
            if (reads < 20) {
                Thread.sleep(10);
            }
        }
        return body;
    }
}
