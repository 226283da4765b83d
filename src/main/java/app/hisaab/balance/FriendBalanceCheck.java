package app.hisaab.balance;

import app.hisaab.friend.FriendRemoving;
import app.hisaab.web.ApiException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Refuses to remove a friend while money is open with them. */
@Component
class FriendBalanceCheck {

    private final BalanceService balances;

    FriendBalanceCheck(BalanceService balances) {
        this.balances = balances;
    }

    @EventListener
    public void refuseWhileOpen(FriendRemoving removing) {
        if (!balances.isSettled(removing.userId(), removing.friendUserId())) {
            throw ApiException.conflict("Settle up with this friend before removing them");
        }
    }
}
