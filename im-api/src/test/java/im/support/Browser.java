package im.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A headless Chromium (Debian's, with its chromedriver: nothing is downloaded) with fake
 * camera and microphone, for tests of what runs in the browser. Where Chromium is not
 * installed these tests are skipped, unless {@code IM_REQUIRE_BROWSER} is set, as CI sets
 * it: there a missing browser fails the build.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/**
	 * How long a page may take to show what is awaited. Generous: with three browsers in
	 * a video call on two cores, one WebDriver command alone has taken more than 10 s.
	 */
	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ChromeDriver driver;

	private Browser(ChromeDriver driver) {
		this.driver = driver;
	}

	/**
	 * Skips the calling test where there is no browser, or fails it where one is
	 * required.
	 */
	public static void assumeInstalled() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && System.getenv("IM_REQUIRE_BROWSER") != null) {
			throw new IllegalStateException("IM_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + CHROMEDRIVER
					+ " is missing: apt-get install chromium chromium-driver");
		}
		Assumptions.assumeTrue(installed,
				"Chromium and chromedriver are not installed (Debian: chromium chromium-driver)");
	}

	public static Browser open() {
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(new File("target/chromedriver.log"))
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
				// without it Chromium gathers no candidates on loopback, and says nothing
				"--allow-loopback-in-peer-connection");
		// the notification permission granted, as a user's click on "Allow" would: the
		// web
		// client still asks only when its button is clicked
		options.setExperimentalOption("prefs", Map.of("profile.default_content_setting_values.notifications", 1));
		// what the pages log, Content-Security-Policy violations included (see close)
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return new Browser(driver);
	}

	/**
	 * Opens a page of the application: 127.0.0.1 is a secure context, as WebRTC needs.
	 */
	public void open(int port, String path) {
		this.driver.get("http://127.0.0.1:" + port + path);
	}

	/** Opens the web client and signs the user in with the sign-in form. */
	public void signIn(int port, Api.Session user) {
		open(port, "/");
		type("#sign-in input[name=username]", user.username());
		type("#sign-in input[name=password]", user.password());
		click("#sign-in button");
		awaitText("#me", "");
	}

	/** Runs a script that calls its last argument when done; returns what it passed. */
	public Object runAsync(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeAsyncScript(script, args);
	}

	public Object run(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/** Sizes the window, e.g. as a phone's screen. */
	public void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/**
	 * Clicks the element, once there is one; found again if the page re-rendered it
	 * between finding and clicking (a list redrawn by a late answer, for one).
	 */
	public void click(String css) {
		withElement(css, WebElement::click);
	}

	/** Replaces what the field holds. */
	public void type(String css, String text) {
		withElement(css, (field) -> {
			field.clear();
			field.sendKeys(text);
		});
	}

	/** Chooses a file in a file input (which may be hidden behind a button). */
	public void upload(String css, Path file) {
		this.driver.findElement(By.cssSelector(css)).sendKeys(file.toAbsolutePath().toString());
	}

	/** The element's text, once there is one. */
	public String text(String css) {
		String[] text = new String[1];
		withElement(css, (element) -> text[0] = element.getText());
		return text[0];
	}

	/** Whether an element matches and is displayed now. */
	public boolean isShown(String css) {
		return this.driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
	}

	/** How many elements match now. */
	public int count(String css) {
		return this.driver.findElements(By.cssSelector(css)).size();
	}

	/** Waits until the element's text contains the text; answers all of it. */
	public String awaitText(String css, String contained) {
		Awaitility.await()
			.atMost(WAIT)
			.ignoreExceptions()
			.until(() -> this.driver.findElement(By.cssSelector(css)).getText().contains(contained));
		return text(css);
	}

	/** The page as it looks now, as PNG. */
	public byte[] screenshot() {
		return this.driver.getScreenshotAs(OutputType.BYTES);
	}

	private void withElement(String css, Consumer<WebElement> action) {
		Awaitility.await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			WebElement element = this.driver.findElement(By.cssSelector(css));
			if (!element.isDisplayed()) {
				throw new AssertionError(css + " is not displayed");
			}
			action.accept(element);
		});
	}

	/**
	 * Closes the browser; fails if a page broke the server's Content-Security-Policy
	 * (inline code, a foreign script): every browser test runs under it.
	 */
	@Override
	public void close() {
		List<String> violations;
		try {
			violations = this.driver.manage()
				.logs()
				.get(LogType.BROWSER)
				.getAll()
				.stream()
				.map(LogEntry::getMessage)
				.filter((message) -> message.contains("Content Security Policy"))
				.toList();
		}
		finally {
			this.driver.quit();
		}
		if (!violations.isEmpty()) {
			throw new AssertionError("The page broke its Content-Security-Policy: " + violations);
		}
	}

}
