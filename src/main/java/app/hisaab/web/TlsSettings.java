package app.hisaab.web;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code TLS_CERT} and {@code TLS_KEY} (PEM files: the certificate chain, and its private key unencrypted)
 * turn on HTTPS, and so WSS, on {@code PORT} through a Spring Boot SSL bundle, reloaded when the files
 * change (a renewed certificate needs no restart). Both or neither: one alone stops the start.
 */
class TlsSettings implements EnvironmentPostProcessor, Ordered {

    static final String BUNDLE = "hisaab";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String cert = environment.getProperty("TLS_CERT", "").trim();
        String key = environment.getProperty("TLS_KEY", "").trim();
        if (cert.isEmpty() && key.isEmpty()) {
            return;
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalStateException("TLS_CERT and TLS_KEY go together: set both (PEM files) or neither");
        }
        String prefix = "spring.ssl.bundle.pem." + BUNDLE + ".";
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "TLS_CERT and TLS_KEY",
                        Map.of(
                                prefix + "keystore.certificate",
                                location(cert),
                                prefix + "keystore.private-key",
                                location(key),
                                prefix + "reload-on-update",
                                "true",
                                "server.ssl.bundle",
                                BUNDLE)));
    }

    private static String location(String path) {
        return path.startsWith("file:") || path.startsWith("classpath:") ? path : "file:" + path;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
