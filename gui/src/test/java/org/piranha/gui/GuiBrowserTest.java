package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.VirtualService;

/**
 * The walkthrough in a real browser: Debian's chromium, headless, driven through Debian's
 * /usr/bin/chromedriver given explicitly (no Selenium Manager, no download, no network). Saves a
 * screenshot of every panel under target/screenshots.
 */
class GuiBrowserTest {

    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path dir;

    static RunningGui gui;
    static GuiApiTest.StatusSocket status;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(DRIVER).as("chromium-driver (see .ci/run)").isExecutable();
        assertThat(CHROMIUM).as("chromium (see .ci/run)").isExecutable();
        gui = new RunningGui(dir, Duration.ofMinutes(15));
        status = new GuiApiTest.StatusSocket(gui.statusSocket, StatusDocuments.ACTIVE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1500",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")), "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (status != null) {
            status.close();
        }
        if (gui != null) {
            gui.close();
        }
    }

    private static void open(String path) {
        browser.get(gui.base + path);
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void type(String field, String value) {
        WebElement input = browser.findElement(By.id("f-" + field));
        if (input.getTagName().equals("select")) {
            new Select(input).selectByValue(value);
        } else {
            input.clear();
            input.sendKeys(value);
        }
    }

    /** Clicks a button or link that loads a page, and waits until the new page replaced the old one. */
    private static void click(String id) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("document.documentElement.setAttribute('data-old', '1')");
        browser.findElement(By.id(id)).click();
        if (!id.startsWith("pick-")) {
            new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(WebDriverException.class).until(d ->
                    Boolean.TRUE.equals(js.executeScript("return document.readyState === 'complete'"
                            + " && !document.documentElement.hasAttribute('data-old')")));
        }
    }

    private static void acceptAndConfirm() {
        click("accept");
        assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).endsWith("/confirm");
        click("confirm");
        assertThat(browser.getPageSource()).contains("id=\"message\"");
        assertThat(browser.findElement(By.id("message")).getText()).contains("written");
    }

    private static LvsConfig config() throws Exception {
        return LvsConfigLoader.standard().load(gui.lvsCf).requireValid();
    }

    @Test
    void theWalkthrough() throws Exception {
        open("/control");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("login");
        browser.findElement(By.id("password")).sendKeys("wrong");
        click("login");
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong user or password");
        browser.findElement(By.id("password")).sendKeys(RunningGui.PASSWORD);
        click("login");
        assertThat(browser.getCurrentUrl()).endsWith("/control");
        assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("active");
        assertThat(browser.findElement(By.id("state-web-web2")).getText()).isEqualTo("down");
        screenshot("control");

        open("/global");
        screenshot("global-settings");
        open("/redundancy");
        click("reset");
        assertThat(browser.findElement(By.id("f-deadtime")).getAttribute("value")).isEqualTo("18");
        screenshot("redundancy");

        // ADD a virtual server, ACCEPT, review, CONFIRM
        open("/virtual");
        click("add");
        type("name", "shop");
        type("address", "10.6.1.110 eth0:2");
        type("vip_nmask", "255.255.255.0");
        type("port", "443");
        type("scheduler", "rr");
        type("timeout", "0.5");
        type("sorry_server", "10.6.2.99");
        screenshot("virtual-server");
        click("accept");
        assertThat(browser.findElement(By.id("effects")).getText()).contains("virtual server shop is added");
        screenshot("review");
        click("confirm");

        for (String[] rs : new String[][] {{"shop1", "10.6.2.21"}, {"shop2", "10.6.2.22"}}) {
            open("/virtual/servers?name=shop");
            click("add");
            type("name", rs[0]);
            type("address", rs[1]);
            type("port", "8443");
            type("weight", "2");
            if (rs[0].equals("shop2")) {
                screenshot("real-server");
            }
            acceptAndConfirm();
        }
        open("/virtual/servers?name=shop");
        screenshot("real-servers");

        open("/virtual/scripts?name=shop");
        type("send_program", "/usr/local/bin/check %h %p");
        type("expect", "OK");
        screenshot("monitoring-scripts");
        acceptAndConfirm();
        open("/virtual");
        screenshot("virtual-servers");

        VirtualService shop = config().service("shop").orElseThrow();
        assertThat(shop.port()).isEqualTo(443);
        assertThat(shop.scheduler()).isEqualTo("rr");
        assertThat(shop.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(shop.sorryServer().orElseThrow().getHostAddress()).isEqualTo("10.6.2.99");
        assertThat(shop.sendProgram()).hasValue("\"/usr/local/bin/check %h %p\"");
        assertThat(shop.servers()).extracting(r -> r.name() + " " + r.address().orElseThrow().getHostAddress() + ":" + r.port())
                .containsExactly("shop1 10.6.2.21:8443", "shop2 10.6.2.22:8443");
        assertThat(Installed.checkConfig(gui.lvsCf)).as("pulse --check-config").isZero();

        // an invalid port: its error next to the field, the file byte for byte as it was
        byte[] before = Files.readAllBytes(gui.lvsCf);
        open("/virtual/edit?name=shop");
        type("port", "70000");
        click("accept");
        assertThat(browser.findElement(By.id("error-port")).getText()).contains("70000");
        screenshot("invalid-port");
        assertThat(Files.readAllBytes(gui.lvsCf)).isEqualTo(before);

        // EDIT
        type("port", "8443");
        acceptAndConfirm();
        assertThat(config().service("shop").orElseThrow().port()).isEqualTo(8443);

        // DELETE
        open("/virtual");
        click("pick-shop");
        click("delete");
        assertThat(browser.findElement(By.id("effects")).getText()).contains("virtual server shop is removed");
        click("confirm");
        assertThat(config().service("shop")).isEmpty();
        assertThat(config().service(RunningGui.MARKER)).isPresent();
    }
}
