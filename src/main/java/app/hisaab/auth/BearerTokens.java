package app.hisaab.auth;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;

/**
 * Reads {@code Authorization: Bearer <token>} as RFC 6750 (section 2.1) and Spring's default resolver do
 * ({@code b64token}: letters, digits, {@code -._~+/}, then any {@code =}; the scheme in any case), with a
 * loop instead of a regular expression, since every request runs it.
 */
final class BearerTokens {

    private static final String SCHEME = "bearer";
    private static final String TOKEN_CHARACTERS = "-._~+/";

    private BearerTokens() {}

    /** The token, or null when the header carries none; a malformed bearer header is refused (401). */
    static String fromHeader(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int start = SCHEME.length() + 1;
        if (header.length() <= start || header.charAt(SCHEME.length()) != ' ') {
            throw malformed();
        }
        int end = header.length();
        while (end > start && header.charAt(end - 1) == '=') {
            end--;
        }
        if (end == start) {
            throw malformed();
        }
        for (int i = start; i < end; i++) {
            char c = header.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TOKEN_CHARACTERS.indexOf(c) < 0) {
                throw malformed();
            }
        }
        return header.substring(start);
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
