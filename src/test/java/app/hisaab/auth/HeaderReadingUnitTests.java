package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The bearer token and the firewall's header rules are read by loops instead of Spring Security's
 * regular expressions; every header must still be read as Spring Security reads it.
 */
class HeaderReadingUnitTests {

    /** Spring Security's StrictHttpFirewall patterns for header names and values. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    /** What Spring's resolver does with the header: the token, null, or "refused". */
    private static String spring(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            return new DefaultBearerTokenResolver().resolve(request);
        } catch (OAuth2AuthenticationException e) {
            return "refused";
        }
    }

    private static String ours(String header) {
        try {
            return BearerTokens.fromHeader(header);
        } catch (OAuth2AuthenticationException e) {
            return "refused";
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer abc.DEF-123_~+/==",
                "bearer abc",
                "BEARER abc",
                "Bearer",
                "Bearer ",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer ===",
                "Bearer a=b",
                "Bearer ab\u00e9",
                "Bearerabc",
                "Basic dXNlcjpwYXNz",
                "",
                "DPoP abc"
            })
    void readsBearerHeadersAsSpringDoes(String header) {
        assertThat(ours(header)).isEqualTo(spring(header));
    }

    @Property(tries = 3000)
    void readsAnyBearerHeaderAsSpringDoes(@ForAll("authorizations") String header) {
        assertThat(ours(header)).isEqualTo(spring(header));
    }

    @Provide
    Arbitrary<String> authorizations() {
        Arbitrary<String> prefix = Arbitraries.of("Bearer ", "bearer ", "BeArEr", "Bearer", "Basic ", "");
        Arbitrary<String> rest =
                Arbitraries.strings().withChars("aZ09-._~+/= !\t\u00e9").ofMaxLength(12);
        return prefix.flatMap(p -> rest.map(r -> p + r));
    }

    @Property(tries = 3000)
    void checksHeaderTextAsTheFirewallPatternsDo(@ForAll("headerTexts") String text) {
        assertThat(SecurityConfiguration.plain(text, false))
                .isEqualTo(NAME.matcher(text).matches());
        assertThat(SecurityConfiguration.plain(text, true))
                .isEqualTo(VALUE.matcher(text).matches());
    }

    @Provide
    Arbitrary<String> headerTexts() {
        // Printable ASCII, tab and other controls, Latin-1, an unassigned code point and a surrogate pair.
        return Arbitraries.strings()
                .withChars("ab Z9:;\t\u0000\u001f\u007f\u0085\u00a0\u00e9\u0378\ud83d\ude00\ud83d")
                .ofMaxLength(8);
    }
}
