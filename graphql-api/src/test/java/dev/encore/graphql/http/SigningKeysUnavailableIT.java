package dev.encore.graphql.http;

import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * When identity-service's signing keys cannot be fetched, a token cannot be checked either way: {@code /graphql}
 * answers 503 with {@code Retry-After} (the same token works once the keys are back), never 401 and never anonymous;
 * a request without a token still runs.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.jwks-url", value = "http://127.0.0.1:9/.well-known/jwks.json")
@AddConfig(key = "jwt.jwks.timeout", value = "PT0.5S")
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class SigningKeysUnavailableIT {

    @Inject
    WebTarget target;

    @Test
    void aTokenThatCannotBeCheckedIs503WithRetryAfter() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        GraphqlClient.Answer answer = client.post("{ __typename }", TestTokenIssuer.shared().token("u1", "curator"));
        assertThat(answer.status(), is(503));
        assertThat(answer.header("Retry-After"), is("5"));
        assertThat(answer.contentType(), startsWith("application/problem+json"));
        assertThat(client.post("{ __typename }", null).status(), is(200));
    }
}
