package dev.encore.graphql.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.HeadlessChromium;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * GraphiQL in a real headless Chromium: the page from the jar loads offline, runs a query against this server and
 * shows the data, a mutation sent with an Authorization header from the page's header editor succeeds, and a
 * subscription runs over the page's WebSocket (ws://host/graphql, graphql-transport-ws) and shows each event.
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
class GraphiqlBrowserIT {

    @Inject
    WebTarget target;

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void runsAQueryAndShowsTheData() {
        open("{ artists(first: 1) { totalCount } }", null);
        assertThat(runAndReadResult(), containsString("\"totalCount\""));
    }

    @Test
    void sendsTheAuthorizationHeaderFromTheHeaderEditor() {
        String token = TestTokenIssuer.shared().token("browser-user", "curator");
        open("mutation { createArtist(input: {name: \"From GraphiQL\"}) { name } }",
                "{\"Authorization\": \"Bearer " + token + "\"}");
        assertThat(runAndReadResult(), containsString("From GraphiQL"));
    }

    @Test
    void runsASubscriptionOverTheWebSocket() throws InterruptedException {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String owner = TestTokenIssuer.shared().token("browser-owner", "curator");
        Fixtures fixtures = new Fixtures(client, owner);
        String song = fixtures.song(fixtures.artist("Browser Artist"), "Seen in GraphiQL", 1000);
        String playlist = fixtures.playlist("Browser", true, owner);
        open("subscription { playlistUpdated(playlistId: \"" + playlist + "\") { kind playlist { version } } }", null);
        WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(30));
        wait.until(page -> !page.findElements(By.cssSelector(".graphiql-execute-button")).isEmpty());
        chromium.driver().findElement(By.cssSelector(".graphiql-execute-button")).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String shown = "";
        while (!shown.contains("ADDED") && System.nanoTime() < deadline) {
            fixtures.add(playlist, song, owner);
            Thread.sleep(500);
            shown = chromium.driver().findElement(By.cssSelector(".result-window")).getText();
        }
        assertThat(shown, containsString("\"kind\": \"ADDED\""));
    }

    @Test
    void authenticatesSubscriptionsWithTheHeaderEditorsAuthorization() throws InterruptedException {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String owner = TestTokenIssuer.shared().token("browser-private-owner", "curator");
        Fixtures fixtures = new Fixtures(client, owner);
        String song = fixtures.song(fixtures.artist("Private Artist"), "Only for me", 1000);
        String playlist = fixtures.playlist("Private", false, owner);
        // A private playlist: only its owner may follow it, so this works only if connection_init carries the token.
        open("subscription { playlistUpdated(playlistId: \"" + playlist + "\") { kind playlist { version } } }",
             "{\"Authorization\": \"Bearer " + owner + "\"}");
        WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(30));
        wait.until(page -> !page.findElements(By.cssSelector(".graphiql-execute-button")).isEmpty());
        chromium.driver().findElement(By.cssSelector(".graphiql-execute-button")).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String shown = "";
        while (!shown.contains("ADDED") && !shown.contains("errors") && System.nanoTime() < deadline) {
            fixtures.add(playlist, song, owner);
            Thread.sleep(500);
            shown = chromium.driver().findElement(By.cssSelector(".result-window")).getText();
        }
        assertThat(shown, containsString("\"kind\": \"ADDED\""));
    }

    private void open(String query, String headers) {
        StringBuilder url = new StringBuilder(target.getUri().toString().replaceAll("/$", ""))
                .append("/graphiql/?query=").append(encode(query));
        if (headers != null) {
            url.append("&headers=").append(encode(headers));
        }
        chromium.driver().get(url.toString());
    }

    private String runAndReadResult() {
        WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(30));
        wait.until(page -> !page.findElements(By.cssSelector(".graphiql-execute-button")).isEmpty());
        chromium.driver().findElement(By.cssSelector(".graphiql-execute-button")).click();
        wait.until(page -> {
            String text = page.findElement(By.cssSelector(".result-window")).getText();
            return text.contains("\"data\"") || text.contains("\"errors\"");
        });
        return chromium.driver().findElement(By.cssSelector(".result-window")).getText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
