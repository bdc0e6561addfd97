package dev.encore.support.openapi;

import java.time.Duration;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.HeadlessChromium;
import dev.encore.support.security.ProbeApplication;
import dev.encore.support.security.ProbeResource;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Swagger UI in a real headless Chromium: the page from the webjar loads offline, reads this service's
 * {@code /openapi}, lists its operations, and "Try it out" calls one and shows the answer. Needs Debian's
 * {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(ProbeApplication.class)
@AddBean(ProbeResource.class)
class SwaggerUiBrowserIT {

    private static final By PUBLIC_PROBE = By.cssSelector(".opblock-get [data-path='/probe/public']");

    @Inject
    WebTarget target;

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void rendersThisServicesOperationsAndRunsOne() {
        chromium.driver().get(target.getUri().toString().replaceAll("/$", "") + "/swagger-ui/");
        WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(30));
        wait.until(page -> !page.findElements(PUBLIC_PROBE).isEmpty());

        WebElement operation = chromium.driver().findElement(PUBLIC_PROBE);
        operation.click();
        WebElement block = chromium.driver().findElement(By.cssSelector(".opblock-get.is-open"));
        wait.until(page -> !block.findElements(By.cssSelector(".try-out__btn")).isEmpty());
        block.findElement(By.cssSelector(".try-out__btn")).click();
        wait.until(page -> !block.findElements(By.cssSelector(".execute")).isEmpty());
        block.findElement(By.cssSelector(".execute")).click();

        By answer = By.cssSelector(".live-responses-table tbody");
        wait.until(page -> !block.findElements(answer).isEmpty() && !block.findElement(answer).getText().isBlank());
        String shown = block.findElement(answer).getText();
        assertThat(shown, containsString("200"));
        assertThat(shown, containsString("anonymous"));
    }
}
