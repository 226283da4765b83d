package app.hisaab.balance;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment that settles money between two friends, or two members of {@code groupId}: {@code fromUserId}
 * paid {@code toUserId}.
 */
record Settlement(
        UUID id,
        UUID groupId,
        UUID fromUserId,
        UUID toUserId,
        String amount,
        String currency,
        String note,
        Instant date,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
