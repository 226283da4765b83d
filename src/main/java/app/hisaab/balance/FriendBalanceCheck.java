package app.hisaab.balance;

import app.hisaab.friend.FriendBalance;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Lets the friend feature refuse to remove a friend while money is open. The balance service is
 * looked up lazily: it depends (through group expenses and udhari) on the friend service that uses this.
 */
@Component
class FriendBalanceCheck implements FriendBalance {

    private final BalanceService balances;

    FriendBalanceCheck(@Lazy BalanceService balances) {
        this.balances = balances;
    }

    @Override
    public boolean isSettled(UUID userId, UUID friendUserId) {
        return balances.isSettled(userId, friendUserId);
    }
}
