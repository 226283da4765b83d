package app.hisaab.sync;

import app.hisaab.web.ApiException;
import app.hisaab.web.ClientAddress;
import app.hisaab.web.ProblemWriter;
import app.hisaab.web.WebProperties;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The WebSocket handshake at {@code /ws} and {@code /} (RFC 6455 section 4.2), answered before the
 * rest of the filters: a browser's {@code Origin} must be this server's own or one of
 * {@code CORS_ORIGINS}; a token in {@code Authorization: Bearer} or {@code ?access_token=} must be
 * valid, else the answer is 401 before the upgrade; no token means the client authenticates with its
 * first message. {@code ?since=} is kept for either way. No extension or subprotocol is agreed. A
 * request to {@code /} that is no upgrade goes on down the chain (a browser is sent to the web app).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class SocketUpgrade implements Filter {

    /** What the handshake found out, for the connection it opens. */
    record Handshake(String address, SocketAuthentication.Identity identity, Long since) {}

    private static final String ACCEPT_SUFFIX = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final SyncSocketHandler endpoint;
    private final SocketAuthentication authentication;
    private final ProblemWriter problems;
    private final ClientAddress addresses;
    private final List<String> origins;
    private final long maxMessage;

    SocketUpgrade(
            SyncSocketHandler endpoint,
            SocketAuthentication authentication,
            ProblemWriter problems,
            ClientAddress addresses,
            WebProperties web,
            WebSocketProperties properties) {
        this.endpoint = endpoint;
        this.authentication = authentication;
        this.problems = problems;
        this.addresses = addresses;
        this.origins = web.corsOrigins();
        this.maxMessage = properties.maxMessageSize().toBytes();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI();
        if (!"/ws".equals(path) && !"/".equals(path)) {
            chain.doFilter(request, response);
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(http.getHeader("Upgrade"));
        if (!upgrade && "/".equals(path)) {
            // A browser opening the site: the web app's redirect (or its problem for other clients) answers.
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) response;
        if (!"GET".equals(http.getMethod()) || !upgrade) {
            problems.write(out, HttpStatus.BAD_REQUEST, "This is the WebSocket endpoint: send a WebSocket upgrade");
            return;
        }
        upgrade(http, out);
    }

    private void upgrade(HttpServletRequest http, HttpServletResponse out) throws IOException, ServletException {
        if (!hasToken(http.getHeader("Connection"), "upgrade")) {
            problems.write(out, HttpStatus.BAD_REQUEST, "A WebSocket upgrade needs Connection: Upgrade");
            return;
        }
        if (!"13".equals(http.getHeader("Sec-WebSocket-Version"))) {
            out.setHeader("Sec-WebSocket-Version", "13");
            problems.write(out, HttpStatus.UPGRADE_REQUIRED, "Only WebSocket version 13 is spoken here");
            return;
        }
        String key = http.getHeader("Sec-WebSocket-Key");
        if (!isKey(key)) {
            problems.write(out, HttpStatus.BAD_REQUEST, "Sec-WebSocket-Key: 16 bytes in base64 are required");
            return;
        }
        String origin = http.getHeader("Origin");
        if (origin != null && !allowed(origin, http)) {
            problems.write(out, HttpStatus.FORBIDDEN, "Origin not allowed: set CORS_ORIGINS to allow it");
            return;
        }
        Long since = null;
        String sinceParameter = http.getParameter("since");
        if (sinceParameter != null) {
            long value = SocketAuthentication.parseSince(sinceParameter);
            if (value < 0) {
                problems.write(out, HttpStatus.BAD_REQUEST, "since: must be a whole number, 0 or more");
                return;
            }
            since = value;
        }
        SocketAuthentication.Identity identity = null;
        String token = token(http);
        if (token != null) {
            try {
                identity = authentication.verify(token);
            } catch (ApiException e) {
                problems.write(out, e);
                return;
            }
            if (identity == null) {
                problems.write(out, HttpStatus.UNAUTHORIZED, "Missing, invalid or expired token");
                return;
            }
        }
        out.setHeader("Upgrade", "websocket");
        out.setHeader("Connection", "Upgrade");
        out.setHeader("Sec-WebSocket-Accept", accept(key));
        WireSocket socket = http.upgrade(WireSocket.class);
        socket.attach(endpoint, maxMessage, new Handshake(addresses.of(http), identity, since));
    }

    private static String token(HttpServletRequest http) {
        String header = http.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return http.getParameter("access_token");
    }

    /** Whether a comma-separated header holds the token (case-insensitive). */
    private static boolean hasToken(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + ACCEPT_SUFFIX).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-1", e);
        }
    }

    /** This server's own origin (the page was served from the host the socket goes to), or a listed one. */
    private boolean allowed(String origin, HttpServletRequest http) {
        if (origins.contains("*") || origins.contains(origin)) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String host = http.getHeader("Host");
        if (uri.getHost() == null || host == null) {
            return false;
        }
        // Host without a port: the origin must use its scheme's default port too (behind a TLS proxy
        // the request itself may be plain HTTP, so its own scheme says nothing).
        boolean defaultPort = uri.getPort() < 0
                || (uri.getPort() == 443 && "https".equalsIgnoreCase(uri.getScheme()))
                || (uri.getPort() == 80 && "http".equalsIgnoreCase(uri.getScheme()));
        String hostName = host;
        boolean portMatches = defaultPort;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            hostName = host.substring(0, colon);
            int originPort = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            portMatches = host.substring(colon + 1).equals(Integer.toString(originPort));
        }
        String originHost = uri.getHost().toLowerCase(Locale.ROOT);
        return portMatches && hostName.toLowerCase(Locale.ROOT).equals(originHost);
    }
}
