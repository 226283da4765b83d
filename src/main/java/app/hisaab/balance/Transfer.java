package app.hisaab.balance;

import java.util.Objects;
import java.util.UUID;

/** One payment of a settle-up plan: {@code from} pays {@code to} {@code amountMinor} minor units. */
public record Transfer(UUID from, UUID to, long amountMinor) {

    public Transfer {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer needs two different members: " + from);
        }
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("a transfer amount must be positive: " + amountMinor);
        }
    }
}
