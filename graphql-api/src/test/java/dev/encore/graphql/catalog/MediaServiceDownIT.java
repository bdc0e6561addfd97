package dev.encore.graphql.catalog;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Songs with media-service unreachable (nothing listens on port 1): the song is answered in full with a null
 * {@code streamUrl}, no GraphQL error, and the failed lookup is counted.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "media.base-url", value = "http://127.0.0.1:1")
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class MediaServiceDownIT {

    @Inject
    WebTarget target;

    @Inject
    MetricRegistry metrics;

    @Test
    void songsComeBackWithANullStreamUrlAndTheFailureIsCounted() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String curator = TestTokenIssuer.shared().token("curator-1", "curator");
        String artistId = client.data(CatalogIT.createArtistDocument(), CatalogIT.vars("name", "Offline"), curator)
                .getJsonObject("createArtist").getString("id");
        long failedBefore = metrics.counter("encore.media.lookups.failed").getCount();

        JsonObject song = client.data(CatalogIT.createSongDocument(), Json.createObjectBuilder()
                        .add("title", "Unplugged").add("artistId", artistId).add("media", "media-42").build(), curator)
                .getJsonObject("createSong");

        assertThat(song.getString("title"), is("Unplugged"));
        assertThat(song.getString("mediaId"), is("media-42"));
        assertThat(song.get("streamUrl"), is(JsonValue.NULL));
        assertThat(metrics.counter("encore.media.lookups.failed").getCount(), greaterThan(failedBefore));
    }
}
