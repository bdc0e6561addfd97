package dev.encore.media.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP to the service under test, with the raw status, headers and bytes a CDN would see. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    public Request request(String pathOrUrl) {
        return new Request(pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl));
    }

    public final class Request {
        private final URI uri;
        private final List<String> headers = new ArrayList<>();

        Request(URI uri) {
            this.uri = uri;
        }

        public Request header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public HttpResponse<byte[]> get() {
            return send("GET", HttpRequest.BodyPublishers.noBody());
        }

        public HttpResponse<byte[]> head() {
            return send("HEAD", HttpRequest.BodyPublishers.noBody());
        }

        public HttpResponse<byte[]> delete() {
            return send("DELETE", HttpRequest.BodyPublishers.noBody());
        }

        public HttpResponse<byte[]> post(byte[] body) {
            return send("POST", HttpRequest.BodyPublishers.ofByteArray(body));
        }

        public HttpResponse<byte[]> send(String method, HttpRequest.BodyPublisher body) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(method, body);
            for (int i = 0; i < headers.size(); i += 2) {
                builder.header(headers.get(i), headers.get(i + 1));
            }
            try {
                return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
