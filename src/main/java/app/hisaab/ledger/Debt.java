package app.hisaab.ledger;

import java.util.UUID;

/** What {@code debtor} owes {@code creditor} directly in one currency, in minor units, inside one group. */
public record Debt(UUID debtor, UUID creditor, String currency, long minor) {}
