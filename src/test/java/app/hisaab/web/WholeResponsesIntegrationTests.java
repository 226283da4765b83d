package app.hisaab.web;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An answer that fits the container's buffer goes out whole with its length; a longer one still streams. */
@IntegrationTest
class WholeResponsesIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    Api.TestUser user;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        user = api.register("Whole");
    }

    private Api.Response coffee(int i) {
        return api.post(
                        "/api/personal-expenses",
                        user.token(),
                        body("title", "Coffee " + i, "amount", "3.50", "date", "2026-12-01"))
                .expect(201);
    }

    @Test
    void aSmallJsonAnswerCarriesItsLengthAndIsNotChunked() {
        Api.Response created = coffee(0);

        assertThat(created.header("Content-Length"))
                .isEqualTo(String.valueOf(created.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(created.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(created.header("X-Request-Id")).isNotBlank();
        assertThat(created.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void anAnswerLargerThanTheBufferStreamsWhole() {
        for (int i = 0; i < 40; i++) {
            coffee(i);
        }
        Api.Response list = api.get("/api/personal-expenses", user.token()).expect(200);

        assertThat(list.body().length()).isGreaterThan(8 * 1024);
        assertThat(list.json().size()).isEqualTo(40);
        assertThat(list.headers().firstValue("Content-Length")).isEmpty();
        assertThat(list.header("Transfer-Encoding")).isEqualTo("chunked");
    }
}
