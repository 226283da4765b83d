package app.hisaab.balance;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/groups/{id}/balances}: each non-zero group net, and the transfers that settle them all.
 */
record GroupBalances(UUID groupId, List<MemberNet> nets, List<GroupTransfer> transfers) {

    record MemberNet(UUID userId, String name, String currency, String net) {}

    record GroupTransfer(UUID fromUserId, UUID toUserId, String currency, String amount) {}
}
