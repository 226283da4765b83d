package app.hisaab.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The web app over plain HTTP: its files, the shell for its own routes, its headers, the redirect to it. */
@IntegrationTest
class WebAppIntegrationTests {

    private static final Map<String, String> BROWSER =
            Map.of("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theShellIsServedWithoutATokenWithAStrictPolicy() {
        Api.Response shell = api.send("GET", "/app/", null, null, BROWSER).expect(200);

        assertThat(shell.contentType()).startsWith("text/html");
        assertThat(shell.body()).contains("<script type=\"module\" src=\"/app/js/main.js\"></script>");
        assertThat(shell.header("Content-Security-Policy")).isEqualTo(WebAppConfiguration.CONTENT_SECURITY_POLICY);
        assertThat(shell.header("Content-Security-Policy"))
                .contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(shell.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(shell.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(shell.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void everyRouteOfTheAppGetsTheShellSoAnInviteLinkOpensIt() {
        String shell = api.send("GET", "/app/index.html", null, null, BROWSER)
                .expect(200)
                .body();

        for (String route : new String[] {"/app/invite/Abc-123_xyz", "/app/friends", "/app/shared"}) {
            Api.Response answer = api.send("GET", route, null, null, BROWSER).expect(200);
            assertThat(answer.contentType()).startsWith("text/html");
            assertThat(answer.body()).isEqualTo(shell);
            assertThat(answer.header("Content-Security-Policy")).isEqualTo(WebAppConfiguration.CONTENT_SECURITY_POLICY);
        }
    }

    @Test
    void scriptsStylesAndTheServiceWorkerAreServedAsWhatTheyAre() {
        assertThat(api.get("/app/js/main.js", null).expect(200).contentType()).startsWith("text/javascript");
        assertThat(api.get("/app/js/screens/shared.js", null).expect(200).contentType())
                .startsWith("text/javascript");
        Api.Response worker = api.get("/app/sw.js", null).expect(200);
        assertThat(worker.contentType()).startsWith("text/javascript");
        assertThat(worker.body()).contains("/app/js/main.js");
        assertThat(api.get("/app/app.css", null).expect(200).contentType()).startsWith("text/css");
    }

    @Test
    void aMissingFileIsA404ProblemNotTheShell() {
        api.get("/app/js/nothing-here.js", null).expectProblem(404);
        assertThat(api.get("/app/%2e%2e/application.yml", null).status()).isIn(400, 404);
    }

    @Test
    void aBrowserAtTheRootIsSentToTheAppOtherClientsHearItIsTheWebSocketEndpoint() {
        Api.Response browser = api.send("GET", "/", null, null, BROWSER).expect(302);
        assertThat(browser.header("Location")).isEqualTo("/app/");

        api.send("GET", "/", null, null, Map.of("Accept", "application/json")).expectProblem(400);
        api.send("GET", "/", null, null, Map.of("Accept", "*/*")).expectProblem(400);
        assertThat(api.get("/app", null).expect(301).header("Location")).isEqualTo("/app/");
    }

    @Test
    void theApiStillNeedsAToken() {
        api.get("/api/friends", null).expectProblem(401);
    }
}
