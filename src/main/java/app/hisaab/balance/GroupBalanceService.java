package app.hisaab.balance;

import app.hisaab.group.GroupService;
import app.hisaab.ledger.Debt;
import app.hisaab.money.Money;
import app.hisaab.user.Person;
import app.hisaab.user.UserService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** A group's nets and the transfers that settle them: pairwise, or simplified to the fewest transfers. */
@Service
class GroupBalanceService {

    private final GroupService groups;
    private final GroupNets groupNets;
    private final UserService users;

    GroupBalanceService(GroupService groups, GroupNets groupNets, UserService users) {
        this.groups = groups;
        this.groupNets = groupNets;
        this.users = users;
    }

    /** The group's balances as its member {@code me} reads them; 404 for anyone else. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    GroupBalances balances(UUID me, UUID groupId) {
        GroupService.Membership group = groups.membership(me, groupId);
        Map<String, Map<UUID, Long>> nets = groupNets.nets(groupId);
        Set<UUID> formerMembers = new HashSet<>();
        nets.values().forEach(byUser -> formerMembers.addAll(byUser.keySet()));
        formerMembers.removeAll(group.members().keySet());
        Map<UUID, Person> former = users.people(formerMembers);

        List<GroupBalances.MemberNet> netRows = new ArrayList<>();
        nets.forEach((currency, byUser) -> byUser.forEach((user, net) -> {
            String name = group.members().get(user);
            if (name == null) {
                // Someone who left the group while their net was zero, before a change made it move.
                name = former.containsKey(user) ? former.get(user).name() : "";
            }
            netRows.add(new GroupBalances.MemberNet(user, name, currency, Money.format(net, currency)));
        }));

        List<GroupBalances.GroupTransfer> transfers = new ArrayList<>();
        Map<String, List<Transfer>> plans =
                group.simplifyDebts() ? simplified(nets) : pairwise(groupNets.debts(groupId));
        plans.forEach((currency, plan) -> plan.forEach(t -> transfers.add(
                new GroupBalances.GroupTransfer(t.from(), t.to(), currency, Money.format(t.amountMinor(), currency)))));
        return new GroupBalances(groupId, netRows, transfers);
    }

    /** Per currency, the fewest transfers that settle every net (exact up to 20 non-zero nets). */
    private static Map<String, List<Transfer>> simplified(Map<String, Map<UUID, Long>> nets) {
        Map<String, List<Transfer>> plans = new TreeMap<>();
        nets.forEach((currency, byUser) -> plans.put(currency, SettleUp.plan(byUser)));
        return plans;
    }

    /** Per currency, one transfer for each pair of people who owe each other something on balance. */
    static Map<String, List<Transfer>> pairwise(List<Debt> debts) {
        record Pair(String currency, UUID low, UUID high) {}
        // Positive: high owes low; negative: low owes high.
        Map<Pair, Long> pairs = new HashMap<>();
        for (Debt debt : debts) {
            if (debt.debtor().equals(debt.creditor())) {
                continue;
            }
            boolean creditorLow = SettleUp.BYTE_ORDER.compare(debt.creditor(), debt.debtor()) < 0;
            Pair pair = creditorLow
                    ? new Pair(debt.currency(), debt.creditor(), debt.debtor())
                    : new Pair(debt.currency(), debt.debtor(), debt.creditor());
            pairs.merge(pair, creditorLow ? debt.minor() : -debt.minor(), Math::addExact);
        }
        Map<String, List<Transfer>> plans = new TreeMap<>();
        pairs.forEach((pair, net) -> {
            if (net != 0) {
                Transfer transfer = net > 0
                        ? new Transfer(pair.high(), pair.low(), net)
                        : new Transfer(pair.low(), pair.high(), -net);
                plans.computeIfAbsent(pair.currency(), c -> new ArrayList<>()).add(transfer);
            }
        });
        plans.values().forEach(plan -> plan.sort(SettleUp.PLAN_ORDER));
        return plans;
    }
}
