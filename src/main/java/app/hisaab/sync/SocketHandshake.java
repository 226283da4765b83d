package app.hisaab.sync;

import app.hisaab.web.ApiException;
import app.hisaab.web.ClientAddress;
import app.hisaab.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authentication at the handshake: a token in {@code Authorization: Bearer} or {@code ?access_token=}
 * must be valid, else the answer is 401 before the upgrade; no token means the client authenticates
 * with its first message. {@code ?since=} is kept for either way.
 */
class SocketHandshake implements HandshakeInterceptor {

    static final String IDENTITY = SocketHandshake.class.getName() + ".identity";
    static final String SINCE = SocketHandshake.class.getName() + ".since";
    static final String ADDRESS = SocketHandshake.class.getName() + ".address";

    private final SocketAuthentication authentication;
    private final ProblemWriter problems;
    private final ClientAddress addresses;

    SocketHandshake(SocketAuthentication authentication, ProblemWriter problems, ClientAddress addresses) {
        this.authentication = authentication;
        this.problems = problems;
        this.addresses = addresses;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        if (!(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)) {
            return false;
        }
        HttpServletRequest http = servletRequest.getServletRequest();
        HttpServletResponse out = servletResponse.getServletResponse();
        if (!"GET".equals(http.getMethod()) || !"websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            problems.write(out, HttpStatus.BAD_REQUEST, "This is the WebSocket endpoint: send a WebSocket upgrade");
            return false;
        }
        attributes.put(ADDRESS, addresses.of(http));
        String since = http.getParameter("since");
        if (since != null) {
            long value = SocketAuthentication.parseSince(since);
            if (value < 0) {
                problems.write(out, HttpStatus.BAD_REQUEST, "since: must be a whole number, 0 or more");
                return false;
            }
            attributes.put(SINCE, value);
        }
        String token = token(http);
        if (token == null) {
            return true;
        }
        SocketAuthentication.Identity identity;
        try {
            identity = authentication.verify(token);
        } catch (ApiException e) {
            problems.write(out, e);
            return false;
        }
        if (identity == null) {
            problems.write(out, HttpStatus.UNAUTHORIZED, "Missing, invalid or expired token");
            return false;
        }
        attributes.put(IDENTITY, identity);
        return true;
    }

    private static String token(HttpServletRequest http) {
        String header = http.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return http.getParameter("access_token");
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
