package app.hisaab.balance;

import app.hisaab.group.GroupEvent;
import app.hisaab.group.GroupExpenseService;
import app.hisaab.ledger.Debt;
import app.hisaab.ledger.Net;
import app.hisaab.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A group's nets: what its expenses and its settlements add up to for each person, per currency. A
 * member leaves, and a group is deleted, only while the nets concerned are zero.
 */
@Component
class GroupNets {

    private final GroupExpenseService expenses;
    private final SettlementRepository settlements;

    GroupNets(GroupExpenseService expenses, SettlementRepository settlements) {
        this.expenses = expenses;
        this.settlements = settlements;
    }

    /**
     * Non-zero nets per currency (in code order) and person (in byte order). They count everyone the
     * group's expenses and settlements name, members who left included, so they add up to zero.
     */
    Map<String, Map<UUID, Long>> nets(UUID groupId) {
        List<Net> all = new ArrayList<>(expenses.groupNets(groupId));
        all.addAll(settlements.groupNets(groupId));
        Map<String, Map<UUID, Long>> nets = new TreeMap<>();
        for (Net net : all) {
            nets.computeIfAbsent(net.currency(), c -> new TreeMap<>(SettleUp.BYTE_ORDER))
                    .merge(net.otherUserId(), net.minor(), Math::addExact);
        }
        nets.values().forEach(byUser -> byUser.values().removeIf(net -> net == 0));
        nets.values().removeIf(Map::isEmpty);
        return nets;
    }

    /** Who owes whom directly: expense shares owed to payers, and settlements as debts of the receiver. */
    List<Debt> debts(UUID groupId) {
        List<Debt> debts = new ArrayList<>(expenses.groupDebts(groupId));
        // Paying someone is, for their pair, the same as the receiver now owing the payer that much.
        for (SettlementRepository.Row row : settlements.inGroup(groupId)) {
            debts.add(new Debt(row.toUserId(), row.fromUserId(), row.currency(), row.amountMinor()));
        }
        return debts;
    }

    @EventListener
    public void refuseLeavingWhileOpen(GroupEvent.MemberLeaving leaving) {
        boolean open =
                nets(leaving.groupId()).values().stream().anyMatch(byUser -> byUser.containsKey(leaving.memberId()));
        if (open) {
            throw ApiException.conflict("Settle up in this group first: this member's group balance is not zero");
        }
    }

    @EventListener
    public void refuseDeletingWhileOpen(GroupEvent.Deleting deleting) {
        if (!nets(deleting.groupId()).isEmpty()) {
            throw ApiException.conflict("Settle up in this group first: not every group balance is zero");
        }
    }
}
