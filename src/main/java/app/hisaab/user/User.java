package app.hisaab.user;

import java.time.Instant;
import java.util.UUID;

/** A user as {@code GET /api/users/me} shows them. */
public record User(
        UUID id,
        String name,
        String email,
        String phone,
        String defaultCurrency,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
