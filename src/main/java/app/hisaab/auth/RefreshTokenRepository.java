package app.hisaab.auth;

import app.hisaab.db.Bind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RefreshTokenRepository {

    private static final String INSERT = """
            INSERT INTO refresh_tokens (id, user_id, chain_id, token_hash, created_at, expires_at)
            VALUES (:id, :user, :chain, :hash, :now, :expires)
            """;

    private static final String BY_HASH_FOR_UPDATE = """
            SELECT id, user_id, chain_id, expires_at, rotated_at, revoked_at
            FROM refresh_tokens WHERE token_hash = :hash
            FOR UPDATE
            """;

    private static final String MARK_ROTATED = "UPDATE refresh_tokens SET rotated_at = :now WHERE id = :id";

    private static final String REVOKE_CHAIN = """
            UPDATE refresh_tokens SET revoked_at = :now WHERE chain_id = :chain AND revoked_at IS NULL
            """;

    private static final String REVOKE_USER_CHAIN = """
            UPDATE refresh_tokens SET revoked_at = :now
            WHERE chain_id = :chain AND user_id = :user AND revoked_at IS NULL
            """;

    // LEAST ignores nulls: the earlier of rotated and revoked, null for a live token (V13 indexes it).
    private static final String DELETE_RETIRED = """
            DELETE FROM refresh_tokens WHERE id IN (
                SELECT id FROM refresh_tokens WHERE LEAST(rotated_at, revoked_at) < :before LIMIT :batch)
            """;

    private static final String DELETE_EXPIRED = "DELETE FROM refresh_tokens WHERE expires_at < :before";

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(UUID id, UUID userId, UUID chainId, Instant expiresAt, Instant rotatedAt, Instant revokedAt) {}

    void insert(UUID user, UUID chain, byte[] hash, Instant now, Instant expires) {
        jdbc.sql(INSERT)
                .param("id", UUID.randomUUID())
                .param("user", user)
                .param("chain", chain)
                .param("hash", hash)
                .param("now", Bind.at(now))
                .param("expires", Bind.at(expires))
                .update();
    }

    Optional<Stored> lock(byte[] hash) {
        return jdbc.sql(BY_HASH_FOR_UPDATE)
                .param("hash", hash)
                .query((rs, n) -> new Stored(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("chain_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant(),
                        instant(rs.getTimestamp("rotated_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .optional();
    }

    void markRotated(UUID id, Instant now) {
        jdbc.sql(MARK_ROTATED).param("id", id).param("now", Bind.at(now)).update();
    }

    void revokeChain(UUID chain, Instant now) {
        jdbc.sql(REVOKE_CHAIN).param("chain", chain).param("now", Bind.at(now)).update();
    }

    void revokeChainOf(UUID user, UUID chain, Instant now) {
        jdbc.sql(REVOKE_USER_CHAIN)
                .param("user", user)
                .param("chain", chain)
                .param("now", Bind.at(now))
                .update();
    }

    int deleteRetired(Instant before, int batch) {
        return jdbc.sql(DELETE_RETIRED)
                .param("before", Bind.at(before))
                .param("batch", batch)
                .update();
    }

    int deleteExpired(Instant before) {
        return jdbc.sql(DELETE_EXPIRED).param("before", Bind.at(before)).update();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
