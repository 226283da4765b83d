package app.hisaab.auth;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks {@code JWT_SECRET} as soon as the configuration is read, so that a server missing it stops
 * before it touches any database.
 */
class JwtSecretCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("hisaab.db.url");
        JwtSecret.check(environment.getProperty("hisaab.auth.jwt-secret"), url == null || url.isBlank());
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
