package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment variable docs/operations.md gives for turning the request log off reaches its logger:
 * Spring binds {@code logging.level} from the environment the way this test does, and an environment
 * variable can only name a logger in lower case.
 */
class RequestLogSwitchUnitTests {

    @Test
    void theDocumentedVariableNamesTheRequestLogger() {
        Map<String, LogLevel> levels = levelsFrom(Map.of("LOGGING_LEVEL_APP_HISAAB_REQUESTS", "WARN"));

        assertThat(levels).containsEntry(RequestLogging.LOGGER, LogLevel.WARN);
    }

    @Test
    void aLoggerNameWithCapitalsIsOutOfReachOfTheEnvironment() {
        Map<String, LogLevel> levels = levelsFrom(Map.of("LOGGING_LEVEL_APP_HISAAB_WEB_REQUESTLOG", "WARN"));

        assertThat(levels).containsOnlyKeys("app.hisaab.web.requestlog").doesNotContainKey("app.hisaab.web.RequestLog");
    }

    /** {@code logging.level} bound from an environment that holds only these variables. */
    private static Map<String, LogLevel> levelsFrom(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return Binder.get(environment)
                .bind("logging.level", Bindable.mapOf(String.class, LogLevel.class))
                .orElse(Map.of());
    }
}
