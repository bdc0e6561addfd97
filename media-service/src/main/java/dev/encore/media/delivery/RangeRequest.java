package dev.encore.media.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.encore.support.HttpDate;

/**
 * Decides what a {@code GET} with a {@code Range} header gets, per RFC 9110 section 14 and in step with what nginx
 * answers for a static file.
 */
public final class RangeRequest {

    /** What to send. */
    public sealed interface Answer permits Full, Partial, Unsatisfiable {
    }

    /** {@code 200} with the whole representation. */
    public record Full() implements Answer {
    }

    /** {@code 206}: one range as is, several as {@code multipart/byteranges}, in the order they were asked for. */
    public record Partial(List<ByteRange> ranges) implements Answer {
        public Partial {
            ranges = List.copyOf(ranges);
        }
    }

    /** {@code 416} with {@code Content-Range: bytes *}{@code /size}. */
    public record Unsatisfiable() implements Answer {
    }

    private static final Full FULL = new Full();

    private RangeRequest() {
    }

    /**
     * The answer to a request for a representation of {@code size} bytes.
     *
     * <ul>
     *   <li>No {@code Range}, a unit other than {@code bytes}, or a header that does not parse (including
     *       {@code first > last}): {@link Full}. A malformed header is ignored, never an error (RFC 9110 14.2).</li>
     *   <li>{@code If-Range} that does not match (strong comparison with {@code etag}, or an HTTP date exactly equal to
     *       {@code lastModified}): {@link Full}, so a client never stitches bytes of two versions together.</li>
     *   <li>More than {@code maxRanges} ranges, or ranges that add up to more than the whole (overlap abuse):
     *       {@link Full}, as nginx does; cheaper and still correct for the client.</li>
     *   <li>No satisfiable range ({@code first >= size}, or a zero suffix): {@link Unsatisfiable}. Unsatisfiable
     *       ranges among satisfiable ones are dropped.</li>
     *   <li>Otherwise {@link Partial}: {@code a-b} clipped to the end, {@code a-} to the end, {@code -n} the last
     *       {@code n} bytes (the whole when {@code n >= size}).</li>
     * </ul>
     */
    public static Answer answer(String range, String ifRange, String etag, Instant lastModified, long size,
                                int maxRanges) {
        if (range == null || range.isBlank()) {
            return FULL;
        }
        if (ifRange != null && !ifRange.isBlank() && !ifRangeMatches(ifRange.trim(), etag, lastModified)) {
            return FULL;
        }
        Optional<List<long[]>> specs = parse(range);
        if (specs.isEmpty() || specs.get().size() > maxRanges) {
            return FULL;
        }
        List<ByteRange> satisfiable = new ArrayList<>();
        long total = 0;
        for (long[] spec : specs.get()) {
            ByteRange resolved = resolve(spec, size);
            if (resolved != null) {
                satisfiable.add(resolved);
                total += resolved.length();
            }
        }
        if (satisfiable.isEmpty()) {
            return new Unsatisfiable();
        }
        return total > size ? FULL : new Partial(satisfiable);
    }

    /** A date when it does not start like an entity tag; a weak tag never matches (RFC 9110 13.1.5). */
    private static boolean ifRangeMatches(String ifRange, String etag, Instant lastModified) {
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return ifRange.equals(etag);
        }
        return HttpDate.parse(ifRange).map(date -> date.equals(HttpDate.seconds(lastModified))).orElse(false);
    }

    /** Each spec as {first, last} with -1 for an absent position; empty when the header is not a byte range set. */
    static Optional<List<long[]>> parse(String header) {
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).trim().equalsIgnoreCase("bytes")) {
            return Optional.empty();
        }
        List<long[]> specs = new ArrayList<>();
        for (String element : header.substring(equals + 1).split(",", -1)) {
            String spec = element.strip();
            if (spec.isEmpty()) {
                continue; // empty list elements are allowed (RFC 9110 5.6.1)
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Optional.empty();
            }
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty() && last.isEmpty() || !digits(first) || !digits(last)) {
                return Optional.empty();
            }
            long[] parsed = {number(first), number(last)};
            if (parsed[0] >= 0 && parsed[1] >= 0 && parsed[1] < parsed[0]) {
                return Optional.empty();
            }
            specs.add(parsed);
        }
        return specs.isEmpty() ? Optional.empty() : Optional.of(specs);
    }

    private static ByteRange resolve(long[] spec, long size) {
        long first = spec[0];
        long last = spec[1];
        if (first < 0) { // suffix: the last `last` bytes
            if (last == 0 || size == 0) {
                return null;
            }
            return new ByteRange(Math.max(0, size - last), size - 1);
        }
        if (first >= size) {
            return null;
        }
        return new ByteRange(first, last < 0 ? size - 1 : Math.min(last, size - 1));
    }

    private static boolean digits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** -1 when absent; positions beyond any file saturate instead of overflowing. */
    private static long number(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
    }
}
