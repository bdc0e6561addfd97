package dev.encore.graphql.subscription;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** One shared event, written to members whose operation ids and protocols differ: each frame is that member's own. */
class SharedFrameTest {

    private static final String PAYLOAD = "{\"data\":{\"nowPlaying\":{\"index\":2}}}";

    @Test
    void eachMemberGetsTheEventUnderItsOwnOperationIdAndProtocol() {
        SharedStreams.Event event = new SharedStreams.Event(PAYLOAD, 3, null);

        JsonObject first = parse(event.frame(WsProtocol.TRANSPORT_WS, "1"));
        JsonObject other = parse(event.frame(WsProtocol.TRANSPORT_WS, "b"));
        JsonObject legacy = parse(event.frame(WsProtocol.LEGACY_WS, "1"));
        JsonObject firstAgain = parse(event.frame(WsProtocol.TRANSPORT_WS, "1"));

        assertThat(first.getString("id"), is("1"));
        assertThat(first.getString("type"), is("next"));
        assertThat(other.getString("id"), is("b"));
        assertThat(legacy.getString("id"), is("1"));
        assertThat(legacy.getString("type"), is("data"));
        assertThat(firstAgain, is(first));
        for (JsonObject frame : new JsonObject[] {first, other, legacy}) {
            assertThat(frame.getJsonObject("payload").getJsonObject("data").getJsonObject("nowPlaying")
                    .getInt("index"), is(2));
        }
    }

    @Test
    void membersWithTheSameIdAndProtocolShareOneFrame() {
        SharedStreams.Event event = new SharedStreams.Event(PAYLOAD, 2, null);

        assertThat(event.frame(WsProtocol.TRANSPORT_WS, "1"), sameInstance(event.frame(WsProtocol.TRANSPORT_WS, "1")));
    }

    private static JsonObject parse(String frame) {
        return Json.createReader(new StringReader(frame)).readObject();
    }
}
