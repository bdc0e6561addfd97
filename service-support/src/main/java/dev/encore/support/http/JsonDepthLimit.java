package dev.encore.support.http;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Set;

import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * JSON request bodies may nest arrays and objects at most {@code encore.json.max-depth} levels (64): deeper is a 400
 * problem+json that says so, before any parser or binder recurses into it. Parsers and binders recurse per level, so
 * a document of a few hundred kilobytes of {@code [} can exhaust a thread's stack: a client's mistake (or attack)
 * must not become a 500. Neither Parsson 1.1.6 nor Yasson 3.0.3 (what Helidon 4.1.2 ships) has a depth setting, so
 * the bytes are counted on their way to the reader: structural characters are ASCII and never occur inside a UTF-8
 * multi-byte sequence, so counting bytes outside strings is exact, and it costs one pass with no allocation.
 *
 * <p>Applies to every JAX-RS body read as JSON into a type (records, {@code JsonObject}, maps). A resource that takes
 * the raw body ({@code String}, {@code byte[]}, a stream) parses it itself and answers in its own format:
 * {@code /graphql} reads a {@code String} and answers GraphQL-shaped errors.
 */
@Provider
@ApplicationScoped
public class JsonDepthLimit implements ReaderInterceptor {

    private static final Set<Class<?>> RAW = Set.of(String.class, byte[].class, char[].class, InputStream.class,
                                                    Reader.class, File.class);

    @Inject
    @ConfigProperty(name = "encore.json.max-depth")
    int maxDepth;

    @PostConstruct
    void validate() {
        if (maxDepth < 1) {
            throw new IllegalStateException("encore.json.max-depth must be at least 1, not " + maxDepth);
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (isJson(context.getMediaType()) && !RAW.contains(context.getType())) {
            context.setInputStream(new Counting(context.getInputStream(), maxDepth));
        }
        return context.proceed();
    }

    static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType())
               && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase().endsWith("+json"));
    }

    /** The request body nests deeper than the limit. */
    public static final class TooDeepException extends ProblemException {

        TooDeepException(int maxDepth) {
            super(Problem.of(Response.Status.BAD_REQUEST, "The request body nests arrays and objects more than "
                                                          + maxDepth + " levels deep."));
        }
    }

    /** Passes the bytes through, tracking the nesting depth outside strings. */
    static final class Counting extends FilterInputStream {

        private final int maxDepth;
        private int depth;
        private boolean inString;
        private boolean escaped;

        Counting(InputStream body, int maxDepth) {
            super(body);
            this.maxDepth = maxDepth;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                see((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i]);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes would go uncounted; read them instead.
            byte[] scratch = new byte[(int) Math.max(0, Math.min(n, 8192))];
            return Math.max(0, read(scratch, 0, scratch.length));
        }

        @Override
        public boolean markSupported() {
            return false; // a reset would count bytes twice
        }

        @Override
        public synchronized void mark(int limit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }

        private void see(byte b) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                return;
            }
            switch (b) {
                case '"' -> inString = true;
                case '[', '{' -> {
                    if (++depth > maxDepth) {
                        throw new TooDeepException(maxDepth);
                    }
                }
                case ']', '}' -> depth--;
                default -> { }
            }
        }
    }
}
