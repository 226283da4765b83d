package app.hisaab.user;

import app.hisaab.db.Bind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private static final String COLUMNS =
            "id, name, email, phone, default_currency, created_at, updated_at, version, password_hash, owner_id, merged_into";

    private static final String INSERT_REGISTERED = """
            INSERT INTO users (id, name, email, phone, phone_digits, password_hash, default_currency, created_at, updated_at)
            VALUES (:id, :name, :email, :phone, :phoneDigits, :passwordHash, :currency, :now, :now)
            """;

    private static final String INSERT_PLACEHOLDER = """
            INSERT INTO users (id, name, email, phone, phone_digits, owner_id, created_at, updated_at)
            VALUES (:id, :name, :email, :phone, :phoneDigits, :owner, :now, :now)
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    private static final String REGISTERED_BY_EMAIL =
            "SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(:email) AND password_hash IS NOT NULL";

    private static final String REGISTERED_BY_PHONE =
            "SELECT " + COLUMNS + " FROM users WHERE phone_digits = :phoneDigits AND password_hash IS NOT NULL";

    private static final String EMAIL_TAKEN = """
            SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(:email) AND password_hash IS NOT NULL)
            """;

    private static final String PHONE_TAKEN = """
            SELECT EXISTS (SELECT 1 FROM users WHERE phone_digits = :phoneDigits AND password_hash IS NOT NULL)
            """;

    private static final String UPDATE_PROFILE = """
            UPDATE users SET name = :name, default_currency = :currency, updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    private static final String MARK_MERGED = """
            UPDATE users SET merged_into = :accepter, updated_at = :now, version = version + 1
            WHERE id = :placeholder AND owner_id IS NOT NULL
            """;

    private static final String BY_IDS = "SELECT " + COLUMNS + " FROM users WHERE id = ANY (CAST(:ids AS uuid[]))";

    private static final String REGISTERED_AMONG = """
            SELECT id FROM users WHERE id = ANY (CAST(:ids AS uuid[])) AND password_hash IS NOT NULL
            """;

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(User user, String passwordHash, UUID ownerId, UUID mergedInto) {
        Person person() {
            return new Person(user.id(), user.name(), passwordHash != null, ownerId, mergedInto);
        }
    }

    void insertRegistered(
            UUID id, String name, String email, String phone, String passwordHash, String currency, Instant now) {
        jdbc.sql(INSERT_REGISTERED)
                .param("id", id)
                .param("name", name)
                .param("email", Bind.text(email))
                .param("phone", Bind.text(phone))
                .param("phoneDigits", Bind.text(Phone.digits(phone)))
                .param("passwordHash", passwordHash)
                .param("currency", currency)
                .param("now", Bind.at(now))
                .update();
    }

    void insertPlaceholder(UUID id, UUID owner, String name, String email, String phone, Instant now) {
        jdbc.sql(INSERT_PLACEHOLDER)
                .param("id", id)
                .param("name", name)
                .param("email", Bind.text(email))
                .param("phone", Bind.text(phone))
                .param("phoneDigits", Bind.text(Phone.digits(phone)))
                .param("owner", owner)
                .param("now", Bind.at(now))
                .update();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID).param("id", id).query(UserRepository::row).optional();
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(UserRepository::row)
                .optional();
    }

    Optional<Row> findRegisteredByEmail(String email) {
        return jdbc.sql(REGISTERED_BY_EMAIL)
                .param("email", Bind.text(email))
                .query(UserRepository::row)
                .optional();
    }

    Optional<Row> findRegisteredByPhone(String phoneDigits) {
        return jdbc.sql(REGISTERED_BY_PHONE)
                .param("phoneDigits", Bind.text(phoneDigits))
                .query(UserRepository::row)
                .optional();
    }

    boolean emailTaken(String email) {
        return jdbc.sql(EMAIL_TAKEN)
                .param("email", Bind.text(email))
                .query(Boolean.class)
                .single();
    }

    boolean phoneTaken(String phoneDigits) {
        return jdbc.sql(PHONE_TAKEN)
                .param("phoneDigits", Bind.text(phoneDigits))
                .query(Boolean.class)
                .single();
    }

    void updateProfile(UUID id, String name, String currency, Instant now) {
        jdbc.sql(UPDATE_PROFILE)
                .param("id", id)
                .param("name", name)
                .param("currency", currency)
                .param("now", Bind.at(now))
                .update();
    }

    List<Row> findAll(Collection<UUID> ids) {
        String[] array = ids.stream().map(UUID::toString).toArray(String[]::new);
        return jdbc.sql(BY_IDS).param("ids", array).query(UserRepository::row).list();
    }

    List<UUID> registeredAmong(Collection<UUID> ids) {
        String[] array = ids.stream().map(UUID::toString).toArray(String[]::new);
        return jdbc.sql(REGISTERED_AMONG).param("ids", array).query(UUID.class).list();
    }

    void markMerged(UUID placeholder, UUID accepter, Instant now) {
        jdbc.sql(MARK_MERGED)
                .param("placeholder", placeholder)
                .param("accepter", accepter)
                .param("now", Bind.at(now))
                .update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        User user = new User(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("default_currency"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
        return new Row(
                user,
                rs.getString("password_hash"),
                rs.getObject("owner_id", UUID.class),
                rs.getObject("merged_into", UUID.class));
    }
}
