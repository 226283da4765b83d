package app.hisaab.balance;

import app.hisaab.web.CurrentUser;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GroupBalanceController {

    private final GroupBalanceService balances;

    GroupBalanceController(GroupBalanceService balances) {
        this.balances = balances;
    }

    @GetMapping("/api/groups/{id}/balances")
    GroupBalances balances(@CurrentUser UUID me, @PathVariable UUID id) {
        return balances.balances(me, id);
    }
}
