package app.hisaab.udhari;

import java.time.Instant;
import java.util.UUID;

/**
 * An udhari as one of its two parties sees it: {@code friendId} is the other party and {@code type} is
 * from the viewer's side (written 0 = I lent, 1 = I borrowed), so the counterparty sees it flipped.
 */
record Udhari(
        UUID id,
        UUID friendId,
        String amount,
        String currency,
        String description,
        UdhariType type,
        UdhariStatus status,
        Instant date,
        Instant settledAt,
        UUID settledBy,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
