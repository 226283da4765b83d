package app.hisaab.group;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A group expense as every participant sees it. {@code splits} are always exact amounts adding up to
 * {@code totalAmount}; {@code splitValues} are the percentages or shares the client gave (null for
 * equal and exact). {@code groupId} is the group it belongs to, null for one between friends.
 */
record GroupExpense(
        UUID id,
        UUID groupId,
        String title,
        String description,
        String totalAmount,
        String currency,
        UUID paidBy,
        List<UUID> participants,
        String splitMode,
        Map<UUID, String> splits,
        Map<UUID, String> splitValues,
        Instant date,
        UUID createdBy,
        UUID updatedBy,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
