package app.hisaab.auth;

import app.hisaab.db.DatabaseProperties;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.ProblemWriter;
import app.hisaab.web.WebProperties;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/** Who may call what: everything under {@code /api} needs a valid access token, except signing in. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Verified access tokens remembered until they expire (a few MiB at most). */
    private static final int VERIFIED_TOKENS = 10_000;

    /** Paths that sign in; a stale token sent along with them is ignored, not refused. */
    private static final Set<String> SIGN_IN = Set.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh");

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problems, BearerTokenResolver tokens) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.POST, SIGN_IN.toArray(String[]::new))
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        // The web app's files and the redirect to it are public; the app signs in itself.
                        .requestMatchers(HttpMethod.GET, "/", "/app", "/app/**")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .oauth2ResourceServer(resource -> resource.bearerTokenResolver(tokens)
                        .jwt(jwt -> {})
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(response, HttpStatus.UNAUTHORIZED, "Missing, invalid or expired token"))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "Not allowed")))
                // The token check answers 503 itself when the database is down (CachingJwtDecoder).
                .addFilterBefore(new Unavailable(problems), BearerTokenAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint((request, response, e) ->
                        problems.write(response, HttpStatus.UNAUTHORIZED, "Missing, invalid or expired token")));
        return http.build();
    }

    /** Answers an {@link ApiException} thrown while checking a token (503 + Retry-After) as problem+json. */
    private static final class Unavailable extends OncePerRequestFilter {
        private final ProblemWriter problems;

        Unavailable(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (ApiException.Unavailable e) {
                problems.write(response, e);
            }
        }
    }

    @Bean
    BearerTokenResolver bearerTokenResolver() {
        return request -> SIGN_IN.contains(request.getRequestURI())
                ? null
                : BearerTokens.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /**
     * Spring Security's firewall with its own header rules (names: assigned and no control character;
     * values: the same, tab allowed) checked by a loop instead of a regular expression per header read.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> plain(name, false));
        firewall.setAllowedHeaderValues(value -> plain(value, true));
        return firewall;
    }

    /**
     * The firewall's rule for header names and values: every code point assigned and none a control
     * character (tab allowed in values), as Spring Security's default patterns say.
     */
    static boolean plain(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!Character.isDefined(c) || (Character.isISOControl(c) && !(tabAllowed && c == '\t'))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties web) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(web.corsOrigins());
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match"));
        config.setExposedHeaders(List.of("X-Next-Cursor", "Retry-After", "ETag"));
        config.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    @Bean
    SecretKey jwtKey(AuthProperties auth, DatabaseProperties database) {
        return new SecretKeySpec(JwtSecret.resolve(auth, database), "HmacSHA256");
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey jwtKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<SecurityContext>(jwtKey));
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey jwtKey, Clock clock, UserService users) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(jwtKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
        expiry.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(expiry));
        return new CachingJwtDecoder(
                decoder,
                clock,
                VERIFIED_TOKENS,
                id -> users.registered(Set.of(id)).contains(id));
    }

    /**
     * No tracing observations around each security filter: they cost about as much CPU as the rest of a
     * request. Request metrics ({@code http.server.requests}) stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * argon2id with OWASP's minimum (19 MiB, 2 passes); no 72-byte limit as bcrypt has. Its memory is
     * reused, one array per hash that may run at once ({@link PasswordHashing}).
     */
    @Bean
    PasswordEncoder passwordEncoder(AuthProperties properties) {
        return new Argon2idPasswordEncoder(16, 32, 19_456, 2, PasswordHashing.concurrency(properties));
    }
}
