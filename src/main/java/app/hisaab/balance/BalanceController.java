package app.hisaab.balance;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Balances", description = "Who owes whom, and settlements that pay it back")
@RestController
class BalanceController {

    private final BalanceService balances;
    private final SettlementService settlements;

    BalanceController(BalanceService balances, SettlementService settlements) {
        this.balances = balances;
        this.settlements = settlements;
    }

    @Operation(operationId = "getBalances", summary = "Your net with each person, per currency, and totals")
    @GetMapping("/api/balances")
    Balances balances(@CurrentUser UUID me) {
        return balances.balances(me);
    }

    @Operation(operationId = "getBalanceWith", summary = "Your nets with one person and the items that make them up")
    @GetMapping("/api/balances/{friendUserId}")
    ResponseEntity<Balances.WithFriend> withFriend(
            @CurrentUser UUID me,
            @PathVariable String friendUserId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        Balances.WithFriendPage page = balances.withFriend(me, friendUserId, limit, before);
        var response = ResponseEntity.ok();
        if (page.nextCursor() != null) {
            response.header(Page.NEXT_CURSOR_HEADER, page.nextCursor());
        }
        return response.body(page.body());
    }

    @Operation(operationId = "listSettlements", summary = "Settlements you are a party to")
    @GetMapping("/api/settlements")
    ResponseEntity<List<Settlement>> settlements(
            @CurrentUser UUID me,
            @RequestParam(required = false) String groupId,
            @RequestParam(required = false) String friendUserId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return settlements.list(me, groupId, friendUserId, limit, before).toResponse();
    }

    @Operation(operationId = "createSettlement", summary = "Record a payment that settles money between two people")
    @PostMapping("/api/settlements")
    ResponseEntity<Settlement> settle(@CurrentUser UUID me, @RequestBody SettlementRequest request) {
        return settlements.create(me, request).response();
    }

    @Operation(operationId = "getSettlement", summary = "One settlement")
    @GetMapping("/api/settlements/{id}")
    Settlement settlement(@CurrentUser UUID me, @PathVariable UUID id) {
        return settlements.get(me, id);
    }

    @Operation(operationId = "deleteSettlement", summary = "Delete a settlement (either party)")
    @DeleteMapping("/api/settlements/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@CurrentUser UUID me, @PathVariable UUID id) {
        settlements.delete(me, id);
    }
}
