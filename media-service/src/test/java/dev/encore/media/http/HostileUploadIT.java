package dev.encore.media.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Hostile uploads to {@code POST /media} get a prompt 4xx: a negative Content-Length (measured before: no answer in
 * 10 s), a body trickling in a byte a second (before: held open 60 s and more), a JSON bomb sent as the body.
 * The body timeout is 2 s here to keep the test short.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "media.storage.root", value = "target/it-data/hostile-upload")
@AddConfig(key = "encore.request-body.timeout", value = "PT2S")
class HostileUploadIT {

    @Inject
    WebTarget target;

    private final String artist = TestTokenIssuer.shared().token("artist-1", "artist");

    @Test
    void negativeContentLengthIsA400ProblemAtOnce() throws IOException {
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.exchange(target.getUri().getPort(), upload("audio/mpeg") + "\r\nContent-Length: -1", new byte[16]);
        System.out.println("Content-Length: -1 answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(answer.status(), is(400));
        assertThat(answer.header("Content-Type"), startsWith("application/problem+json"));
    }

    @Test
    void uploadTricklingInIsCutOffWith408() throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", target.getUri().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((upload("audio/mpeg") + "\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int sent = 0; sent < 30 && in.available() == 0; sent++) {
                try {
                    out.write(0xFF);
                    out.flush();
                } catch (SocketException closed) {
                    break;
                }
                Thread.sleep(1000);
            }
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            System.out.println("1 byte/s upload answered '" + status + "' after "
                               + (System.nanoTime() - start) / 1_000_000_000L + " s (timeout 2 s)");
            assertThat(status, is("HTTP/1.1 408"));
        }
    }

    @Test
    void aDeeplyNestedJsonBodyIsRefusedAsAClientError() throws IOException {
        byte[] bomb = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.exchange(target.getUri().getPort(), upload("application/json") + "\r\nContent-Length: " + bomb.length, bomb);
        assertThat(answer.status() / 100, is(4));
    }

    private String upload(String contentType) {
        return "POST /media HTTP/1.1\r\nAuthorization: Bearer " + artist + "\r\nContent-Type: " + contentType;
    }

}
