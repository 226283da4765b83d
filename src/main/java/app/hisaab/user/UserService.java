package app.hisaab.user;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import app.hisaab.web.Versions;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Accounts and placeholder users. */
@Service
public class UserService {

    private static final String DEFAULT_CURRENCY = "INR";

    private final UserRepository users;
    private final ChangeLog changeLog;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserService(UserRepository users, ChangeLog changeLog, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.changeLog = changeLog;
        this.events = events;
        this.clock = clock;
    }

    /** A registered user's id and password hash, for checking a login. */
    public record Credentials(UUID userId, String passwordHash) {}

    /**
     * Creates an account. Email and phone must not belong to another account (409). The fields are
     * already validated and normalised by the caller.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public User register(String name, String email, String phone, String passwordHash) {
        if (email != null && users.emailTaken(email)) {
            throw ApiException.conflict("An account with this email already exists");
        }
        if (phone != null && users.phoneTaken(Phone.digits(phone))) {
            throw ApiException.conflict("An account with this phone number already exists");
        }
        UUID id = UUID.randomUUID();
        users.insertRegistered(id, name, email, phone, passwordHash, DEFAULT_CURRENCY, clock.instant());
        changeLog.openFeed(id);
        return get(id);
    }

    /** The account an email or phone identifies, if any. */
    @Transactional(readOnly = true)
    public Optional<Credentials> credentials(String email, String phone) {
        Optional<UserRepository.Row> row =
                email != null ? users.findRegisteredByEmail(email) : users.findRegisteredByPhone(Phone.digits(phone));
        return row.map(r -> new Credentials(r.user().id(), r.passwordHash()));
    }

    /** A user by id; 404 if unknown. */
    @Transactional(readOnly = true)
    public User get(UUID id) {
        return users.find(id).map(UserRepository.Row::user).orElseThrow(() -> ApiException.notFound("User"));
    }

    /**
     * SQL that is true when the user {@code :checkUser} still has the default currency {@code
     * :checkCurrency}, or when {@code :checkCurrency} is null: a write that took the currency from {@link
     * #defaultCurrencyHint} puts it in its own statement instead of reading the user first.
     */
    public static final String DEFAULT_CURRENCY_IS =
            "(CAST(:checkCurrency AS text) IS NULL OR default_currency_is(:checkUser, CAST(:checkCurrency AS text)))";

    /** Default currencies remembered; past this many the memory starts again (a miss is one read). */
    private static final int CURRENCY_HINTS = 10_000;

    private final Map<UUID, String> currencyHints = new ConcurrentHashMap<>();

    /** The user's default currency, in one statement (no transaction around it). */
    public String defaultCurrency(UUID id) {
        String currency = users.find(id)
                .map(row -> row.user().defaultCurrency())
                .orElseThrow(() -> ApiException.notFound("User"));
        rememberCurrency(id, currency);
        return currency;
    }

    /**
     * The default currency this node last read or wrote for the user, or null. It may be stale (another
     * node changed it): a write relying on it checks it with {@link #DEFAULT_CURRENCY_IS}.
     */
    public String defaultCurrencyHint(UUID id) {
        return currencyHints.get(id);
    }

    private void rememberCurrency(UUID id, String currency) {
        if (currencyHints.size() >= CURRENCY_HINTS) {
            currencyHints.clear();
        }
        currencyHints.put(id, currency);
    }

    /** Any user id as other features see it, placeholders included. */
    @Transactional(readOnly = true)
    public Optional<Person> person(UUID id) {
        return users.find(id).map(UserRepository.Row::person);
    }

    /** These user ids as other features see them (unknown ids are left out), in one statement. */
    @Transactional(readOnly = true)
    public Map<UUID, Person> people(Collection<UUID> ids) {
        Map<UUID, Person> people = new HashMap<>();
        if (!ids.isEmpty()) {
            users.findAll(ids).forEach(row -> people.put(row.user().id(), row.person()));
        }
        return people;
    }

    /** Which of these user ids are registered accounts (the rest are placeholders or unknown). */
    @Transactional(readOnly = true)
    public Set<UUID> registered(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : Set.copyOf(users.registeredAmong(ids));
    }

    /**
     * Changes the caller's own name and default currency; emits {@code user_updated} to their devices. A
     * change to the same values keeps the version and emits nothing.
     */
    @Transactional
    public User updateProfile(UUID id, String name, String currencyCode, Integer expectedVersion) {
        UserRepository.Row row = users.lock(id).orElseThrow(() -> ApiException.notFound("User"));
        Input input = new Input();
        String newName = name == null ? row.user().name() : input.text("name", name, Input.NAME_MAX);
        String currency =
                input.currency("defaultCurrency", currencyCode, row.user().defaultCurrency());
        input.validate();
        Versions.check(expectedVersion, row.user().version(), row.user());
        if (newName.equals(row.user().name()) && currency.equals(row.user().defaultCurrency())) {
            // Nothing changes: no new version, no change for the user's devices.
            return row.user();
        }
        users.updateProfile(id, newName, currency, clock.instant());
        rememberCurrency(id, currency);
        User updated = get(id);
        changeLog.record(Entity.USER, Op.UPDATED, id, id, Set.of(id), updated);
        return updated;
    }

    /** Creates a placeholder user owned by {@code owner}: a friend without an account. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID createPlaceholder(UUID id, UUID owner, String name, String email, String phone) {
        users.insertPlaceholder(id, owner, name, email, phone, clock.instant());
        return id;
    }

    /**
     * Merges a placeholder into the account that accepted an invite for it: every feature moves its rows
     * from the placeholder to the accepter (listeners of {@link PlaceholderClaimed}, in their order), then
     * the placeholder is marked as merged. Runs in the caller's transaction; a listener's failure rolls
     * it back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void mergePlaceholder(UUID placeholder, UUID accepter, UUID inviter) {
        Instant now = clock.instant();
        events.publishEvent(new PlaceholderClaimed(placeholder, accepter, inviter));
        users.markMerged(placeholder, accepter, now);
    }
}
