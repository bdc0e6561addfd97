package dev.encore.media.delivery;

import java.time.Instant;

import dev.encore.media.delivery.ConditionalRequest.Outcome;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class ConditionalRequestTest {

    private static final String ETAG = "\"abc\"";
    private static final Instant MODIFIED = Instant.parse("2024-05-01T10:00:00.700Z");
    private static final String AT = "Wed, 01 May 2024 10:00:00 GMT";
    private static final String BEFORE = "Wed, 01 May 2024 09:00:00 GMT";
    private static final String AFTER = "Wed, 01 May 2024 11:00:00 GMT";

    @Test
    void proceedsWithoutConditions() {
        assertThat(evaluate(null, null, null, null), is(Outcome.PROCEED));
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagIsNotModified() {
        assertThat(evaluate(null, null, ETAG, null), is(Outcome.NOT_MODIFIED));
        assertThat(evaluate(null, null, "\"x\", W/" + ETAG, null), is(Outcome.NOT_MODIFIED));
        assertThat(evaluate(null, null, "*", null), is(Outcome.NOT_MODIFIED));
        assertThat(evaluate(null, null, "\"x\"", null), is(Outcome.PROCEED));
    }

    @Test
    void ifModifiedSinceAtOrAfterLastModifiedIsNotModified() {
        assertThat(evaluate(null, null, null, AT), is(Outcome.NOT_MODIFIED));
        assertThat(evaluate(null, null, null, AFTER), is(Outcome.NOT_MODIFIED));
        assertThat(evaluate(null, null, null, BEFORE), is(Outcome.PROCEED));
        assertThat(evaluate(null, null, null, "not a date"), is(Outcome.PROCEED));
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() {
        assertThat(evaluate(null, null, "\"other\"", AFTER), is(Outcome.PROCEED));
    }

    @Test
    void ifMatchNeedsAStrongMatch() {
        assertThat(evaluate(ETAG, null, null, null), is(Outcome.PROCEED));
        assertThat(evaluate("*", null, null, null), is(Outcome.PROCEED));
        assertThat(evaluate("\"other\"", null, null, null), is(Outcome.PRECONDITION_FAILED));
        assertThat(evaluate("W/" + ETAG, null, null, null), is(Outcome.PRECONDITION_FAILED));
    }

    @Test
    void ifUnmodifiedSinceBeforeLastModifiedFails() {
        assertThat(evaluate(null, BEFORE, null, null), is(Outcome.PRECONDITION_FAILED));
        assertThat(evaluate(null, AT, null, null), is(Outcome.PROCEED));
    }

    private static Outcome evaluate(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch, String ifModifiedSince) {
        return ConditionalRequest.evaluate(true, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, ETAG, MODIFIED);
    }
}
