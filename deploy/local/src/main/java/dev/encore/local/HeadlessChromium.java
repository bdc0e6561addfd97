package dev.encore.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser for the web-page tests, one per test: {@code @RegisterExtension static final HeadlessChromium
 * chromium = new HeadlessChromium();} then {@link #driver()} (static, because a {@code @HelidonTest} instance is a CDI
 * bean whose instance fields JUnit does not see). It is Debian's {@code chromium} driven by its {@code chromium-driver}
 * (installed by {@code .ci/run}; nothing is downloaded at test time), with the flags this machine kind needs: headless,
 * no sandbox as root, and no background networking, whose connections the closed network refuses.
 *
 * <p>Without chromium a developer's run skips the test; a CI run ({@code CI=true}) fails it, so the browser tests can
 * never pass there by not running. Selenium is {@code provided} here: each module with a browser test declares it in
 * test scope.
 */
public final class HeadlessChromium implements BeforeEachCallback, AfterEachCallback {

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private WebDriver driver;

    /** The browser of the running test. */
    public WebDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("no browser: register HeadlessChromium with @RegisterExtension");
        }
        return driver;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        boolean installed = new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
        String missing = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        assumeTrue(installed, missing);
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }
}
