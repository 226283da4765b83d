package app.hisaab.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * With the actuator on a management port of its own, load balancers and orchestrators still probe
 * {@code /actuator/health} (and its liveness and readiness groups) on {@code PORT}: the status only,
 * 200 when up and 503 when not, as the actuator answers.
 */
@Tag(name = "Health", description = "Liveness and readiness for load balancers")
@RestController
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class HealthOnServerPort {

    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;

    HealthOnServerPort(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        this.health = health;
        this.statusCodes = statusCodes;
    }

    @Operation(operationId = "getHealth", summary = "Up (200) or down (503)")
    @SecurityRequirements
    @GetMapping("/actuator/health")
    ResponseEntity<Map<String, String>> health() {
        return answer(health.health());
    }

    @Operation(operationId = "getLiveness", summary = "Whether the process should be restarted (503)")
    @SecurityRequirements
    @GetMapping("/actuator/health/liveness")
    ResponseEntity<Map<String, String>> liveness() {
        return answer(health.healthForPath("liveness"));
    }

    @Operation(operationId = "getReadiness", summary = "Whether the server takes traffic (503 while not)")
    @SecurityRequirements
    @GetMapping("/actuator/health/readiness")
    ResponseEntity<Map<String, String>> readiness() {
        return answer(health.healthForPath("readiness"));
    }

    private ResponseEntity<Map<String, String>> answer(HealthDescriptor descriptor) {
        if (descriptor == null) {
            throw ApiException.notFound();
        }
        return ResponseEntity.status(statusCodes.getStatusCode(descriptor.getStatus()))
                .body(Map.of("status", descriptor.getStatus().getCode()));
    }
}
