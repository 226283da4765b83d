package app.hisaab.auth;

import app.hisaab.user.Phone;
import app.hisaab.user.User;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import app.hisaab.web.RateLimiter;
import app.hisaab.web.RateLimiters;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Registering, signing in and out. */
@Service
class AuthService {

    static final String BAD_LOGIN = "Invalid email, phone or password";

    private final UserService users;
    private final TokenService tokens;
    private final PasswordHashing passwords;
    private final RateLimiter failedLogins;
    private final String dummyHash;
    private final TransactionTemplate transaction;

    AuthService(
            UserService users,
            TokenService tokens,
            PasswordEncoder encoder,
            PasswordHashing passwords,
            AuthProperties properties,
            RateLimiters limiters,
            PlatformTransactionManager transactions) {
        this.users = users;
        this.tokens = tokens;
        this.passwords = passwords;
        this.failedLogins = limiters.perWindow(properties.limitPerId(), properties.limitPerIdWindow());
        // Verified against when the identifier is unknown, so that a miss costs as long as a wrong password.
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
        this.transaction = new TransactionTemplate(transactions);
    }

    record Session(User user, String token, String refreshToken, long expiresIn) {}

    record Registration(String name, String email, String phone, String password) {}

    record Login(String email, String phone, String password) {}

    // Password hashing is slow on purpose, so it runs before the transaction, not holding a connection.
    Session register(Registration request) {
        Input input = new Input();
        String name = input.text("name", request.name(), Input.NAME_MAX);
        String email = input.optionalEmail("email", request.email());
        String phone = Phone.optional(input, "phone", request.phone());
        if (email == null && phone == null && !input.hasErrors()) {
            input.reject("email", "email or phone is required");
        }
        checkPassword(input, request.password());
        input.validate();
        String hash = passwords.encode(request.password());
        return transaction.execute(status -> {
            User user = users.register(name, email, phone, hash);
            return session(user, tokens.issue(user.id()));
        });
    }

    Session login(Login request) {
        Input input = new Input();
        String email = input.optionalText("email", request.email(), Input.EMAIL_MAX);
        String phone = email != null ? null : input.optionalText("phone", request.phone(), Phone.MAX);
        if (email == null && phone == null && !input.hasErrors()) {
            input.reject("email", "email or phone is required");
        }
        if (request.password() == null || request.password().isEmpty()) {
            input.reject("password", "is required");
        }
        input.validate();
        String identifier = email != null ? "e:" + email.toLowerCase(Locale.ROOT) : "p:" + Phone.digits(phone);
        // The attempt takes its token before the password is checked (one atomic step, so a burst cannot
        // get more guesses than the limit), and gives it back unless the password was wrong.
        failedLogins.acquire(identifier);
        boolean failed = false;
        try {
            Optional<UserService.Credentials> credentials = users.credentials(email, phone);
            String hash = credentials.map(UserService.Credentials::passwordHash).orElse(dummyHash);
            boolean matches = passwords.matches(request.password(), hash);
            if (credentials.isEmpty() || !matches) {
                failed = true;
                throw ApiException.unauthorized(BAD_LOGIN);
            }
            UUID id = credentials.get().userId();
            return transaction.execute(status -> session(users.get(id), tokens.issue(id)));
        } finally {
            if (!failed) {
                failedLogins.refund(identifier);
            }
        }
    }

    @Transactional(noRollbackFor = ApiException.class)
    Session refresh(String refreshToken) {
        requireRefreshToken(refreshToken);
        TokenService.Rotated rotated = tokens.rotate(refreshToken)
                .orElseThrow(() -> ApiException.unauthorized("Invalid or expired refresh token"));
        return session(users.get(rotated.userId()), rotated.pair());
    }

    @Transactional
    void logout(UUID user, String refreshToken) {
        requireRefreshToken(refreshToken);
        tokens.revoke(user, refreshToken);
    }

    private static void requireRefreshToken(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ApiException.invalid("refreshToken", "is required");
        }
    }

    private static void checkPassword(Input input, String password) {
        if (password == null || password.isEmpty()) {
            input.reject("password", "is required");
        } else {
            int length = password.codePointCount(0, password.length());
            if (length < 8 || length > 128) {
                input.reject("password", "must be 8 to 128 characters");
            }
        }
    }

    private static Session session(User user, TokenService.Pair pair) {
        return new Session(user, pair.accessToken(), pair.refreshToken(), pair.expiresIn());
    }
}
