package dev.encore.media.delivery;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

class RangeRequestTest {

    private static final String ETAG = "\"abc\"";
    private static final Instant MODIFIED = Instant.parse("2024-05-01T10:00:00Z");
    private static final long SIZE = 1000;

    @Test
    void returnsWholeRepresentationWithoutRangeHeader() {
        assertThat(answer(null), instanceOf(RangeRequest.Full.class));
        assertThat(answer("  "), instanceOf(RangeRequest.Full.class));
    }

    @Test
    void returnsClosedRange() {
        assertThat(answer("bytes=0-99"), is(partial(new ByteRange(0, 99))));
        assertThat(answer("bytes=999-999"), is(partial(new ByteRange(999, 999))));
    }

    @Test
    void clipsLastPositionBeyondTheEnd() {
        assertThat(answer("bytes=900-5000"), is(partial(new ByteRange(900, 999))));
        assertThat(answer("bytes=0-99999999999999999999999"), is(partial(new ByteRange(0, 999))));
    }

    @Test
    void returnsOpenEndedRangeToTheEnd() {
        assertThat(answer("bytes=100-"), is(partial(new ByteRange(100, 999))));
    }

    @Test
    void returnsPartialContentForSuffixRange() {
        assertThat(answer("bytes=-100"), is(partial(new ByteRange(900, 999))));
    }

    @Test
    void suffixLongerThanTheFileIsTheWholeFile() {
        assertThat(answer("bytes=-5000"), is(partial(new ByteRange(0, 999))));
    }

    @Test
    void acceptsCaseInsensitiveUnitAndWhitespace() {
        assertThat(answer("Bytes = 0-1 , 5-6"), is(partial(new ByteRange(0, 1), new ByteRange(5, 6))));
    }

    @Test
    void keepsSeveralRangesInRequestOrder() {
        assertThat(answer("bytes=500-599,0-9,-10"),
                   is(partial(new ByteRange(500, 599), new ByteRange(0, 9), new ByteRange(990, 999))));
    }

    @Test
    void ignoresMalformedHeaders() {
        for (String malformed : List.of("bytes=abc", "bytes=", "bytes=-", "bytes=5-2", "bytes=1-2-3", "items=0-1",
                                        "bytes 0-1", "0-1", "bytes=0-1,x", "bytes=+1-2", "bytes=1--2")) {
            assertThat(malformed, answer(malformed), instanceOf(RangeRequest.Full.class));
        }
    }

    @Test
    void rangeStartingAtOrBeyondTheEndIsUnsatisfiable() {
        assertThat(answer("bytes=1000-"), instanceOf(RangeRequest.Unsatisfiable.class));
        assertThat(answer("bytes=1000-2000"), instanceOf(RangeRequest.Unsatisfiable.class));
        assertThat(answer("bytes=99999999999999999999999-"), instanceOf(RangeRequest.Unsatisfiable.class));
    }

    @Test
    void zeroSuffixIsUnsatisfiable() {
        assertThat(answer("bytes=-0"), instanceOf(RangeRequest.Unsatisfiable.class));
    }

    @Test
    void dropsUnsatisfiableRangesAmongSatisfiableOnes() {
        assertThat(answer("bytes=2000-3000,0-4"), is(partial(new ByteRange(0, 4))));
    }

    @Test
    void tooManyRangesGetTheWholeRepresentation() {
        String many = "bytes=" + "0-0,".repeat(16) + "1-1";
        assertThat(answer(many), instanceOf(RangeRequest.Full.class));
        assertThat(answer("bytes=" + "0-0,".repeat(15) + "1-1"), instanceOf(RangeRequest.Partial.class));
    }

    @Test
    void overlappingRangesAddingUpToMoreThanTheFileGetTheWholeRepresentation() {
        assertThat(answer("bytes=0-999,0-999"), instanceOf(RangeRequest.Full.class));
        assertThat(answer("bytes=0-600,400-999"), instanceOf(RangeRequest.Full.class));
    }

    @Test
    void ifRangeWithTheCurrentStrongEtagKeepsTheRange() {
        assertThat(answer("bytes=0-9", ETAG), is(partial(new ByteRange(0, 9))));
    }

    @Test
    void ifRangeWithAnotherOrWeakEtagGetsTheWholeRepresentation() {
        assertThat(answer("bytes=0-9", "\"other\""), instanceOf(RangeRequest.Full.class));
        assertThat(answer("bytes=0-9", "W/" + ETAG), instanceOf(RangeRequest.Full.class));
    }

    @Test
    void ifRangeDateMustEqualLastModifiedExactly() {
        assertThat(answer("bytes=0-9", "Wed, 01 May 2024 10:00:00 GMT"), is(partial(new ByteRange(0, 9))));
        assertThat(answer("bytes=0-9", "Wed, 01 May 2024 10:00:01 GMT"), instanceOf(RangeRequest.Full.class));
        assertThat(answer("bytes=0-9", "Wed, 01 May 2024 09:59:59 GMT"), instanceOf(RangeRequest.Full.class));
        assertThat(answer("bytes=0-9", "yesterday"), instanceOf(RangeRequest.Full.class));
    }

    @Test
    void emptyFileHasNoSatisfiableRange() {
        assertThat(RangeRequest.answer("bytes=0-", null, ETAG, MODIFIED, 0, 16),
                   instanceOf(RangeRequest.Unsatisfiable.class));
        assertThat(RangeRequest.answer("bytes=-5", null, ETAG, MODIFIED, 0, 16),
                   instanceOf(RangeRequest.Unsatisfiable.class));
    }

    @Test
    void contentRangeNamesInclusivePositionsAndSize() {
        assertThat(new ByteRange(0, 99).contentRange(SIZE), is("bytes 0-99/1000"));
        assertThat(new ByteRange(0, 99).length(), is(100L));
    }

    private static RangeRequest.Answer answer(String range) {
        return answer(range, null);
    }

    private static RangeRequest.Answer answer(String range, String ifRange) {
        return RangeRequest.answer(range, ifRange, ETAG, MODIFIED.plusMillis(400), SIZE, 16);
    }

    private static RangeRequest.Partial partial(ByteRange... ranges) {
        return new RangeRequest.Partial(List.of(ranges));
    }
}
