package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class OperationsIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ManagementServerProperties managementServer;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void healthWithLivenessAndReadinessWithoutToken() {
        assertThat(api.get("/actuator/health", null).expect(200).text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).expect(200).text("status"))
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).expect(200).text("status"))
                .isEqualTo("UP");
    }

    @Test
    void prometheusMetricsOnTheManagementPortOnlyBoundToLoopback() {
        api.get("/actuator/health", null).expect(200);
        Api management = new Api(managementPort);

        Api.Response metrics = management.get("/actuator/prometheus", null).expect(200);

        assertThat(metrics.body())
                .contains("http_server_requests_seconds")
                .contains("hikaricp_connections")
                .contains("hisaab_database_unavailable_total");
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(managementServer.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        // Not on PORT, to anyone.
        api.get("/actuator/prometheus", null).expectProblem(404);
        api.get("/actuator/metrics", null).expectProblem(404);
        api.get("/actuator", null).expectProblem(404);
        // Health answers on both.
        assertThat(management.get("/actuator/health", null).expect(200).text("status"))
                .isEqualTo("UP");
    }

    @Test
    void openApiDocumentAndBrowsableDocs() {
        Api.Response doc = api.get("/v3/api-docs", null).expect(200);

        assertThat(doc.json().get("openapi").asString()).startsWith("3.");
        assertThat(doc.json().get("paths").has("/api/auth/register")).isTrue();
        assertThat(doc.json().get("paths").has("/api/sync")).isTrue();
        Api.Response docs = api.send("GET", "/docs", null, null, Map.of());
        assertThat(docs.status()).isIn(200, 302);
        api.get("/swagger-ui/index.html", null).expect(200);
    }
}
