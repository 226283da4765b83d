package app.hisaab.webapp;

import app.hisaab.web.Problem;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /} is the WebSocket endpoint for clients (sync.SocketUpgrade answers upgrades); a browser that
 * opens the site there (it asks for HTML by name) is sent to the app.
 */
@Hidden // not part of the API: a browser's way into the web app
@RestController
class RootRedirect {

    @GetMapping("/")
    ResponseEntity<?> root(@RequestHeader(name = "Accept", required = false) String accept) {
        if (asksForHtml(accept)) {
            return ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create("/app/"))
                    .build();
        }
        return Problem.of(
                        HttpStatus.BAD_REQUEST,
                        "This is the WebSocket endpoint: send a WebSocket upgrade (or open /app/ in a browser)")
                .toResponse();
    }

    /** Relative links in the shell resolve against {@code /app/}, so the slash matters. */
    @GetMapping("/app")
    ResponseEntity<Void> app() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                .location(URI.create("/app/"))
                .build();
    }

    /** {@code text/html} named in Accept (a wildcard alone is a script or a tool, not a browser). */
    static boolean asksForHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        return types.stream()
                .anyMatch(type -> "text".equals(type.getType())
                        && "html".equals(type.getSubtype())
                        && type.getQualityValue() > 0);
    }
}
