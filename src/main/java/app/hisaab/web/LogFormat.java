package app.hisaab.web;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} writes the console log as JSON lines (Spring Boot's structured logging in the
 * Elastic Common Schema; MDC values such as {@code requestId} become fields); {@code text}, or nothing,
 * keeps the plain lines. Runs before the logging system starts, which reads the setting once.
 */
class LogFormat implements EnvironmentPostProcessor, Ordered {

    static final String STRUCTURED = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty("LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "json" ->
                environment
                        .getPropertySources()
                        .addFirst(new MapPropertySource("LOG_FORMAT", Map.of(STRUCTURED, "ecs")));
            case "text", "" -> {}
            default -> throw new IllegalStateException("LOG_FORMAT must be json or text, not " + format);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
