package app.hisaab.balance;

import app.hisaab.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Groups", description = "Groups of people (a trip, a flat, a team): their members, nets and transfers")
@RestController
class GroupBalanceController {

    private final GroupBalanceService balances;

    GroupBalanceController(GroupBalanceService balances) {
        this.balances = balances;
    }

    @Operation(
            operationId = "getGroupBalances",
            summary = "Each member's non-zero group net, and the transfers that settle them all")
    @GetMapping("/api/groups/{id}/balances")
    GroupBalances balances(@CurrentUser UUID me, @PathVariable UUID id) {
        return balances.balances(me, id);
    }
}
