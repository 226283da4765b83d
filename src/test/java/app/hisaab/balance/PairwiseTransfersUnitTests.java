package app.hisaab.balance;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.ledger.Debt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Transfers of a group without simplified debts: one per pair that owes something on balance. */
class PairwiseTransfersUnitTests {

    private static final UUID A = new UUID(0, 0xa);
    private static final UUID B = new UUID(0, 0xb);
    private static final UUID C = new UUID(0, 0xc);
    // Above every other id in byte order, below them in UUID.compareTo (a negative most significant long).
    private static final UUID HIGH = new UUID(0xf000_0000_0000_0000L, 1);

    @Test
    void debtsBetweenTwoPeopleAreNettedIntoOneTransfer() {
        Map<String, List<Transfer>> plans = GroupBalanceService.pairwise(List.of(
                new Debt(B, A, "INR", 500),
                new Debt(A, B, "INR", 200),
                new Debt(C, A, "INR", 300),
                new Debt(A, C, "INR", 300),
                new Debt(A, HIGH, "USD", 7)));
        assertThat(plans.get("INR")).containsExactly(new Transfer(B, A, 300));
        assertThat(plans.get("USD")).containsExactly(new Transfer(A, HIGH, 7));
        assertThat(plans.keySet()).containsExactly("INR", "USD");
    }

    @Test
    void transfersAreOrderedByAmountThenPayerThenPayeeInByteOrder() {
        Map<String, List<Transfer>> plans = GroupBalanceService.pairwise(
                List.of(new Debt(HIGH, A, "INR", 100), new Debt(B, A, "INR", 100), new Debt(C, B, "INR", 900)));
        assertThat(plans.get("INR"))
                .containsExactly(new Transfer(C, B, 900), new Transfer(B, A, 100), new Transfer(HIGH, A, 100));
    }

    @Property(tries = 300)
    void payingEveryTransferSettlesEveryNetWithOneTransferPerPair(@ForAll("debts") List<Debt> debts) {
        Map<String, List<Transfer>> plans = GroupBalanceService.pairwise(debts);
        Map<String, Long> nets = new HashMap<>();
        for (Debt debt : debts) {
            nets.merge(debt.currency() + debt.creditor(), debt.minor(), Long::sum);
            nets.merge(debt.currency() + debt.debtor(), -debt.minor(), Long::sum);
        }
        plans.forEach((currency, plan) -> {
            Set<Set<UUID>> pairs = new HashSet<>();
            for (Transfer t : plan) {
                assertThat(t.amountMinor()).isPositive();
                assertThat(pairs.add(Set.of(t.from(), t.to()))).isTrue();
                nets.merge(currency + t.from(), t.amountMinor(), Long::sum);
                nets.merge(currency + t.to(), -t.amountMinor(), Long::sum);
            }
            List<Transfer> sorted = new ArrayList<>(plan);
            sorted.sort(SettleUp.PLAN_ORDER);
            assertThat(plan).isEqualTo(sorted);
        });
        assertThat(nets.values()).allMatch(net -> net == 0);
    }

    @Provide
    Arbitrary<List<Debt>> debts() {
        Arbitrary<UUID> people = Arbitraries.of(A, B, C, HIGH);
        Arbitrary<Debt> debt = Combinators.combine(
                        people,
                        people,
                        Arbitraries.of("INR", "JPY"),
                        Arbitraries.longs().between(1, 10_000))
                .as(Debt::new)
                .filter(d -> !d.debtor().equals(d.creditor()));
        return debt.list().ofMaxSize(30);
    }
}
