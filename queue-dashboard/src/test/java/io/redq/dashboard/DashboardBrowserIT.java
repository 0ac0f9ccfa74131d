package io.redq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page end to end in the machine's headless Chromium against a real Redis: it shows the
 * counts, opens a dead-letter record (whose hostile text stays text), and its requeue button sends
 * the task back to a worker running in this test.
 */
@RedisTest
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "browser-token-" + UUID.randomUUID();
    private static final String HOSTILE = "<b id=\"injected\">bold</b><img src=x onerror=\"document.title='pwned'\">";

    private RedQ redq;
    private Dashboard dashboard;
    private WebDriver browser;
    private ChromeDriverService service;
    private Path profile;

    @BeforeEach
    void setUp(RedisEndpoint redis) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("DashboardBrowserIT needs Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + "; install them with: apt-get install -y chromium chromium-driver"
                    + " (.ci/run does this on a fresh machine)");
        }
        redq = RedQ.builder().url(redis.url()).keyPrefix("dashui-" + UUID.randomUUID().toString().substring(0, 8))
                .build();
        profile = Files.createTempDirectory("redq-chromium-");
        // the driver and browser are given by path, so Selenium Manager never looks for (or downloads) one
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (redq != null) {
            redq.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void thePageShowsCountsOpensADeadLetterAndItsRequeueButtonMakesTheWorkerRunIt() {
        TaskQueue backlog = redq.queue("backlog");
        backlog.producer().enqueueAll("job", List.of(new Job(1, ""), new Job(2, ""), new Job(3, ""), new Job(4, ""),
                new Job(5, "")));
        TaskQueue orders = redq.queue("orders");
        Set<String> failOnce = ConcurrentHashMap.newKeySet();
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        String doomed = orders.producer().enqueue("job", new Job(7, HOSTILE));
        failOnce.add(doomed);
        dashboard = Dashboard.builder(redq).port(0).token(TOKEN).queue(orders).start();

        Http http = new Http(dashboard);
        assertThat(Http.send(http.request("/").GET()).status()).as("no token, no page").isEqualTo(401);

        try (Worker w = orders.worker().handle("job", Job.class, (job, ctx) -> {
            if (failOnce.remove(ctx.taskId())) {
                throw new IllegalStateException("rejected: " + job.note());
            }
            runs.merge(ctx.taskId(), 1, Integer::sum);
        }).start()) {
            await().atMost(WAIT).until(() -> orders.deadLetters().get(doomed).isPresent());

            browser.get(dashboard.url() + "?token=" + TOKEN);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            assertThat(browser.getCurrentUrl()).as("the token left the address").doesNotContain("token");
            wait.until(ExpectedConditions.textToBe(cell("backlog", "ready"), "5"));
            wait.until(ExpectedConditions.textToBe(cell("orders", "dead"), "1"));
            wait.until(ExpectedConditions.textToBe(cell("orders", "consumers"), "1"));
            assertThat(browser.findElements(By.cssSelector("tr[data-queue='orders'] td.c-spark svg"))).hasSize(1);

            browser.findElement(By.cssSelector("tr[data-queue='orders'] td.c-name")).click();
            By deadRow = By.cssSelector("#dead tr[data-id='" + doomed + "']");
            wait.until(ExpectedConditions.visibilityOfElementLocated(deadRow)).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("record")));
            wait.until(ExpectedConditions.textToBe(By.id("record-id"), doomed));
            assertThat(browser.findElement(By.id("record-error")).getText())
                    .isEqualTo(IllegalStateException.class.getName() + ": rejected: " + HOSTILE);
            assertThat(browser.findElement(By.id("record-payload")).getText()).contains("\"n\": 7");
            assertThat(browser.findElement(By.id("record-stack")).getText()).contains("IllegalStateException");
            assertThat(browser.findElements(By.id("injected"))).as("hostile text is not markup").isEmpty();
            assertThat(browser.getTitle()).isEqualTo("redq dashboard");
            // the live workers of the selected queue
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#workers tr[data-consumer='" + w.consumerId()
                    + "'] td:nth-child(2)"), "live"));

            WebElement requeue = browser.findElement(By.id("requeue"));
            assertThat(requeue.isDisplayed()).isTrue();
            requeue.click();
            await().atMost(WAIT).until(() -> runs.getOrDefault(doomed, 0) == 1);
            wait.until(ExpectedConditions.textToBe(cell("orders", "dead"), "0"));
            wait.until(ExpectedConditions.textToBe(cell("orders", "completed"), "1"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(deadRow));
            assertThat(orders.deadLetters().size()).isZero();
        }
    }

    private static By cell(String queue, String column) {
        return By.cssSelector("tr[data-queue='" + queue + "'] td.c-" + column);
    }
}
