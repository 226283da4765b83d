package app.hisaab.invite;

import java.time.Instant;
import java.util.UUID;

/**
 * An invite as its creator sees it. {@code friendUserId} is the placeholder it is for, and after it is
 * accepted the account that accepted it; {@code status} is pending, accepted, expired or revoked.
 */
public record Invite(
        UUID id,
        String inviteCode,
        String inviteLink,
        Instant expiresAt,
        String status,
        UUID friendUserId,
        String friendName,
        String friendPhone,
        String friendEmail,
        Instant acceptedAt,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
