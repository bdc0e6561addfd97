package dev.encore.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser for the web-page tests: Debian's {@code chromium} driven by its {@code chromium-driver} (installed by
 * {@code .ci/run}; nothing is downloaded at test time). The flags are the ones this machine kind needs: headless, no
 * sandbox as root, and no background networking, whose connections the closed network refuses.
 *
 * <p>Selenium is {@code provided} here: each module with a browser test declares it in test scope.
 */
public final class HeadlessChromium {

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private HeadlessChromium() {
    }

    /**
     * A new browser with an empty profile under the module's {@code target/}; the test is skipped (not passed) where
     * chromium is not installed. Call {@link WebDriver#quit()} when done.
     */
    public static WebDriver open() throws IOException {
        assumeTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
