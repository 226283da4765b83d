package app.hisaab.webapp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * The browser app under {@code /app/}: its static files, the shell ({@code index.html}) for every path
 * that names no file (so {@code /app/invite/<code>} opens the app), and a strict Content Security Policy.
 */
@Configuration(proxyBeanMethods = false)
class WebAppConfiguration implements WebMvcConfigurer {

    /**
     * Only the app's own files run; it talks to this server alone ({@code 'self'} covers its WebSocket
     * too); it may not be framed. No inline script or style, so no injected markup can run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String LOCATION = "classpath:/static/app/";

    /** The resource handler serves no empty path, so the app's own address forwards to its shell. */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/app/").setViewName("forward:/app/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // no-cache: the browser revalidates (304 when unchanged); the service worker keeps the offline copy.
        // No resource chain cache: every invite code would otherwise stay in it.
        registry.addResourceHandler("/app/**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(false)
                .addResolver(new ShellFallback());
    }

    /** A path with no file behind it and no extension is one of the app's own routes: the shell answers. */
    private static final class ShellFallback extends PathResourceResolver {
        @Override
        protected Resource getResource(String path, Resource location) throws IOException {
            Resource found = super.getResource(path, location);
            if (found != null) {
                return found;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            return name.contains(".") ? null : super.getResource("index.html", location);
        }
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webAppHeaders() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new AppHeaders());
        registration.addUrlPatterns("/app", "/app/*");
        registration.setName("webAppHeaders");
        return registration;
    }

    /** The policy, and no referrer: the app's own addresses may hold an invite code. */
    private static final class AppHeaders extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Content-Type-Options", "nosniff");
            chain.doFilter(request, response);
        }
    }
}
