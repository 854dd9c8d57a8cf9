package io.ticktickclock.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.telemetry.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (headless Chromium, the Debian packages {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them): it follows a run live, draws its chart and heat
 * maps, escapes what it shows, shows a failed run's error, and logs no JavaScript error.
 */
@Timeout(400)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String NAME = "<script>alert(1)</script>";

    private final Telemetry telemetry = Telemetry.create();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private Dashboard dashboard;
    private ChromeDriver driver;

    @BeforeEach
    void start() {
        // A missing browser fails the test with what to do, rather than skipping it.
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("this test needs headless Chromium at %s and its driver at %s: "
                        + "apt-get install -y chromium chromium-driver (.ci/run does it)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        MachineProfile profile = new MachineProfile(4, 2.0, 0.1, 20_000, 1_000, 0.99, 10, 4, "jvm", "os", "now");
        dashboard = Dashboard.builder(telemetry).profile(profile).build().start();
        // The driver's path is given, so Selenium Manager has nothing to look up or download.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1300");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        runner.shutdownNow();
        if (driver != null) {
            driver.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    @DisplayName("the page follows a run live: rows and heat-map columns grow, the chart is drawn, names are text, "
            + "a straggler and a failed run are shown, and no JavaScript error is logged")
    void followsARunLive() throws Exception {
        BspRuntime runtime = BspRuntime.builder().processors(4).observer(telemetry)
                .slowSuperstepThreshold(Duration.ofMillis(50)).build();
        Gated program = new Gated(40, -1, NAME);
        CompletableFuture<?> run = CompletableFuture.runAsync(() -> runtime.run(NAME, program), runner);
        driver.get(dashboard.url());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.withMessage(this::diagnosis);

        // Processor 0 waits for the test at the start of each superstep: the superstep is reported slow.
        program.release(6);
        wait.until(d -> rows() >= 4 && columns("heat-compute") >= 4);
        wait.until(d -> d.findElement(By.id("run-straggler")).isDisplayed());
        // Processor 0 is late in every held superstep (others may be too, on a loaded machine).
        assertThat(text("run-straggler")).contains("so far): processors 0").contains("have not reached its barrier");
        assertThat(text("run-state")).isEqualTo("running");
        int rows = rows();
        int columns = columns("heat-compute");

        program.release(10);
        wait.until(d -> rows() > rows && columns("heat-compute") > columns && columns("heat-barrier") > columns);
        assertThat(Integer.parseInt(driver.findElement(By.id("chart")).getDomAttribute("data-points"))).isGreaterThan(rows);
        assertThat((Boolean) js("const c = document.querySelector('#chart canvas');"
                + "return c != null && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0);"))
                .as("the chart canvas is drawn").isTrue();

        // The series the program reports, on a log scale (it spans decades), drawn.
        wait.until(d -> seriesPoints("residual") > rows);
        WebElement series = driver.findElement(By.cssSelector("#series-charts .series[data-series='residual']"));
        assertThat(series.getDomAttribute("data-scale")).isEqualTo("log");
        assertThat(series.getText()).contains("residual").contains("newest: 1.000e-");
        assertThat((Boolean) js("const c = document.querySelector('#series-charts .series canvas');"
                + "return c != null && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0);"))
                .as("the series chart is drawn").isTrue();

        // Names are shown as text: the markup is neither run nor turned into elements.
        assertThat(text("run-program")).isEqualTo(NAME);
        assertThat(driver.findElement(By.cssSelector("#supersteps tr.superstep-row td.name")).getText()).isEqualTo(NAME);
        assertThat(driver.findElements(By.cssSelector("main script, nav script"))).isEmpty();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        // With a profile, the cost model's view: predicted time and what bounds the supersteps.
        assertThat(driver.findElement(By.id("cost")).isDisplayed()).isTrue();
        assertThat(text("cost-bounds")).startsWith("supersteps bound by");

        program.releaseAll();
        run.get();
        wait.until(d -> text("run-state").equals("converged"));
        String supersteps = text("run-supersteps");

        // A failing run: the page follows the newest run and shows its error, as text.
        Gated failing = new Gated(10, 3, "ring");
        failing.releaseAll();
        assertThatThrownBy(() -> runtime.run("failing", failing)).isInstanceOf(BspException.class);
        wait.until(d -> text("run-state").equals("failed"));
        assertThat(driver.findElement(By.id("run-error")).isDisplayed()).isTrue();
        assertThat(text("run-error-message")).contains("<b>boom</b> in superstep 3");
        assertThat(driver.findElements(By.cssSelector("#run-error b"))).isEmpty();

        // Each run in the list can be opened.
        List<WebElement> runs = driver.findElements(By.cssSelector("#runs button"));
        assertThat(runs).hasSize(2);
        runs.get(1).click();
        wait.until(d -> text("run-state").equals("converged") && text("run-supersteps").equals(supersteps)
                && rows() > 0 && columns("heat-compute") > 0);
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("JavaScript console errors").isEmpty();
    }

    /** What the server and the page hold, for a wait that timed out. */
    private String diagnosis() {
        String api;
        try {
            api = new Http(dashboard).get("/api/runs").body();
        } catch (Exception e) {
            api = e.toString();
        }
        return "/api/runs: " + api + "\npage: state '" + text("run-state") + "', program '" + text("run-program")
                + "', rows " + rows() + ", browser log: " + driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    private int rows() {
        return driver.findElements(By.cssSelector("#supersteps tr.superstep-row")).size();
    }

    private int seriesPoints(String name) {
        List<WebElement> boxes = driver.findElements(By.cssSelector("#series-charts .series[data-series='" + name + "']"));
        String points = boxes.isEmpty() ? null : boxes.get(0).getDomAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    private int columns(String canvas) {
        String c = driver.findElement(By.id(canvas)).getDomAttribute("data-columns");
        return c == null ? 0 : Integer.parseInt(c);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
