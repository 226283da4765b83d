package app.hisaab.personal;

import java.time.Instant;
import java.util.UUID;

/** A personal expense, seen only by its owner; {@code amount} is a decimal string in {@code currency}. */
public record PersonalExpense(
        UUID id,
        UUID userId,
        String title,
        String description,
        String amount,
        String currency,
        String category,
        Instant date,
        Instant createdAt,
        Instant updatedAt,
        int version) {}
