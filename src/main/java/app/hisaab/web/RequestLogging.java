package app.hisaab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the {@code X-Request-Id} a trusted proxy sent (see {@code TRUSTED_PROXIES}),
 * or a new one. It is in the MDC as {@code requestId} for every line logged while the request runs, and
 * in the response's {@code X-Request-Id}. One line per request goes to the {@link #LOGGER} logger: method,
 * path (never the query string, which can hold a WebSocket's access token), status and time; never
 * headers or bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogging extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /**
     * The request log's logger. All lower case: an environment variable names a logger only in lower case
     * ({@code LOGGING_LEVEL_APP_HISAAB_REQUESTS=WARN} sets {@code logging.level.app.hisaab.requests}).
     */
    static final String LOGGER = "app.hisaab.requests";

    private static final Logger requests = LoggerFactory.getLogger(LOGGER);

    private final ClientAddress clients;

    RequestLogging(ClientAddress clients) {
        this.clients = clients;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = idOf(request);
        long started = System.nanoTime();
        MDC.put(MDC_KEY, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (requests.isInfoEnabled()) {
                requests.info(
                        "{} {} {} {} ms {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        response.getStatus(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        clients.of(request));
            }
            MDC.remove(MDC_KEY);
        }
    }

    /** A proxy's id is kept only when the proxy is trusted and the id is short and plain; else a new one. */
    private String idOf(HttpServletRequest request) {
        String given = request.getHeader(HEADER);
        if (given != null
                && clients.isTrustedProxy(request.getRemoteAddr())
                && ACCEPTED.matcher(given).matches()) {
            return given;
        }
        return UUID.randomUUID().toString();
    }
}
