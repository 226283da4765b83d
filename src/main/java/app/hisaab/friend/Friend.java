package app.hisaab.friend;

import java.time.Instant;
import java.util.UUID;

/**
 * A friendship as its owner sees it: {@code id} is the friendship, {@code friendUserId} the person
 * (use it as participant or counterparty), {@code name}, {@code phone} and {@code email} the owner's
 * alias and contact details, {@code registered} false for a placeholder.
 */
public record Friend(
        UUID id,
        UUID userId,
        UUID friendUserId,
        String name,
        String phone,
        String email,
        boolean registered,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
