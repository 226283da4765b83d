package app.hisaab.webapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (its own profile: one device) driven as a person would: fields found by their
 * label, buttons by their name. Uses the machine's Chromium and chromedriver; nothing is downloaded.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("hisaab.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("hisaab.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String base;

    /** Why the browser tests cannot run here, if they cannot. */
    static Optional<String> unavailable() {
        if (!Files.isExecutable(CHROMIUM)) {
            return Optional.of("no Chromium at " + CHROMIUM
                    + " (install it: apt-get install -y chromium chromium-driver; or set -Dhisaab.chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("no chromedriver at " + CHROMEDRIVER
                    + " (install it: apt-get install -y chromium-driver; or set -Dhisaab.chromedriver)");
        }
        return Optional.empty();
    }

    Browser(String base) {
        this.base = base;
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // A phone-sized window; no sandbox as CI runs as root; no first-run noise.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=412,915",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    WebDriver driver() {
        return driver;
    }

    String base() {
        return base;
    }

    void open(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
        waitUntil(d -> !d.findElements(By.cssSelector("main h1")).isEmpty());
    }

    void reload() {
        driver.navigate().refresh();
        waitUntil(d -> !d.findElements(By.cssSelector("main h1")).isEmpty());
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** A script that answers by calling its last argument (for IndexedDB, which answers later). */
    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Where fields and buttons are looked for: the open dialog if there is one, else the page. */
    private SearchContext scope() {
        List<WebElement> dialogs = driver.findElements(By.cssSelector("dialog[open]"));
        return dialogs.isEmpty() ? driver : dialogs.get(0);
    }

    /** The field whose label reads exactly {@code label}, inside {@code within} (a CSS selector) if given. */
    WebElement field(String label, String within) {
        return waitUntil(d -> {
            SearchContext context = within == null ? scope() : scope().findElement(By.cssSelector(within));
            for (WebElement element : context.findElements(By.xpath(".//label[normalize-space()='" + label + "']"))) {
                if (!element.isDisplayed()) {
                    continue;
                }
                String id = element.getAttribute("for");
                if (id != null && !id.isEmpty()) {
                    return d.findElement(By.id(id));
                }
                return element.findElement(By.xpath(".//input"));
            }
            return null;
        });
    }

    WebElement field(String label) {
        return field(label, null);
    }

    void type(String label, String value) {
        type(label, value, null);
    }

    void type(String label, String value, String within) {
        waitUntil(d -> {
            WebElement input = field(label, within);
            input.clear();
            input.sendKeys(value);
            return true;
        });
    }

    void choose(String label, String visibleText) {
        choose(label, visibleText, null);
    }

    void choose(String label, String visibleText, String within) {
        waitUntil(d -> {
            new Select(field(label, within)).selectByVisibleText(visibleText);
            return true;
        });
    }

    /** Ticks or clears the checkbox labelled {@code label}. */
    void tick(String label, boolean on, String within) {
        waitUntil(d -> {
            WebElement box = field(label, within);
            if (box.isSelected() != on) {
                box.click();
            }
            return true;
        });
    }

    /** Clicks the visible button named exactly {@code name}, inside {@code within} if given. */
    void click(String name, String within) {
        // Lists are drawn anew on every live change: a button found may be replaced before the click lands.
        waitUntil(d -> {
            SearchContext context = within == null ? scope() : scope().findElement(By.cssSelector(within));
            WebElement button = context.findElements(By.xpath(".//button[normalize-space()='" + name + "']")).stream()
                    .filter(b -> b.isDisplayed() && b.isEnabled())
                    .findFirst()
                    .orElse(null);
            if (button == null) {
                return false;
            }
            // In the middle of the window, clear of the bar that stays on top.
            script("arguments[0].scrollIntoView({block: 'center'})", button);
            button.click();
            return true;
        });
    }

    void click(String name) {
        click(name, null);
    }

    /** Follows the navigation link named {@code name}. */
    void screen(String name) {
        // The bar is drawn anew on every change, so a link found may be gone by the click: find it again.
        waitUntil(d -> {
            d.findElement(By.xpath("//nav//a[normalize-space()='" + name + "']"))
                    .click();
            return true;
        });
        waitUntil(d -> d.findElement(By.cssSelector("main h1")).isDisplayed());
    }

    String text(String css) {
        return waitUntil(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0).getText();
        });
    }

    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Waits (bounded) until {@code condition} gives something other than null or false. */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT)
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "Waited in vain; the page at " + driver.getCurrentUrl() + " shows:\n" + pageText() + "\nconsole:\n"
                            + String.join("\n", console()),
                    e);
        }
    }

    private String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** What the page logged to its console (errors and warnings), for failure messages. */
    List<String> console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage())
                    .toList();
        } catch (RuntimeException e) {
            return List.of("(no console: " + e.getMessage() + ")");
        }
    }

    /** Waits until the service worker controls the page, so it opens offline. */
    void waitForOfflineShell() {
        waitUntil(d -> Boolean.TRUE.equals(script("return !!navigator.serviceWorker.controller")));
    }

    /** The header's sync state: online, offline or sending. */
    String syncState() {
        return driver.findElement(By.id("status")).getAttribute("data-state");
    }

    int waitingChanges() {
        return Integer.parseInt(driver.findElement(By.id("status")).getAttribute("data-waiting"));
    }

    /** A screenshot into the folder named by -Dhisaab.screenshots, when it is set. */
    void screenshot(String name) {
        screenshot(name, null);
    }

    /** A screenshot with the element named by {@code css} scrolled to the top (under the sticky bar). */
    void screenshot(String name, String css) {
        String folder = System.getProperty("hisaab.screenshots");
        if (folder == null || folder.isBlank()) {
            return;
        }
        if (css == null) {
            script("window.scrollTo(0, 0)");
        } else {
            script(
                    "const e = document.querySelector(arguments[0]);"
                            + " window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60)",
                    css);
        }
        try {
            Path directory = Path.of(folder);
            Files.createDirectories(directory);
            Files.write(directory.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
