package app.hisaab.balance;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/balances}: non-zero nets per friend and currency, and totals per currency. */
record Balances(List<FriendNet> byFriend, List<Total> totals) {

    record FriendNet(UUID friendUserId, String name, String currency, String net) {}

    /** Named apart from the personal-expense summary's {@code Total} in the OpenAPI document. */
    @Schema(name = "BalanceTotal")
    record Total(String currency, String owedToYou, String youOwe, String net) {}

    /** {@code GET /api/balances/{friendUserId}}: the nets with one friend and the items that make them up. */
    record WithFriend(UUID friendUserId, List<CurrencyNet> nets, List<Item> items) {}

    /** A {@link WithFriend} whose items are one page, and the cursor of the next page (null when none). */
    record WithFriendPage(WithFriend body, String nextCursor) {}

    record CurrencyNet(String currency, String net) {}

    /** {@code groupId}: the group a group expense or settlement belongs to, else null. */
    record Item(String kind, UUID id, Instant date, String title, String currency, String effect, UUID groupId) {}
}
