package app.hisaab.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class SettleUpUnitTests {

    private static final UUID A = id(0xa);
    private static final UUID B = id(0xb);
    private static final UUID C = id(0xc);
    private static final UUID D = id(0xd);
    private static final UUID E = id(0xe);

    private static UUID id(long n) {
        return new UUID(0, n);
    }

    private static Map<UUID, Long> nets(Object... idsAndNets) {
        Map<UUID, Long> nets = new LinkedHashMap<>();
        for (int i = 0; i < idsAndNets.length; i += 2) {
            nets.put((UUID) idsAndNets[i], ((Number) idsAndNets[i + 1]).longValue());
        }
        return nets;
    }

    @Test
    void nobodyOwingMeansNoTransfers() {
        assertThat(SettleUp.plan(Map.of())).isEmpty();
        assertThat(SettleUp.plan(nets(A, 0, B, 0))).isEmpty();
    }

    @Test
    void theOneDebtorPaysTheOneCreditor() {
        assertThat(SettleUp.plan(nets(A, -12_345, B, 12_345, C, 0))).containsExactly(new Transfer(A, B, 12_345));
    }

    @Test
    void theOneCreditorIsPaidByEveryDebtorLargestFirst() {
        assertThat(SettleUp.plan(nets(A, -100, B, -300, C, 600, D, -200)))
                .containsExactly(new Transfer(B, C, 300), new Transfer(D, C, 200), new Transfer(A, C, 100));
    }

    @Test
    void theMinimumBeatsPayingLargestDebtorToLargestCreditor() {
        // Greedy over everyone: A pays E 800, B pays D 700, then A and B each pay C 100: four transfers.
        // {B, E} and {A, C, D} both add up to zero: three.
        assertThat(SettleUp.plan(nets(A, -900, B, -800, C, 200, D, 700, E, 800)))
                .containsExactly(new Transfer(B, E, 800), new Transfer(A, D, 700), new Transfer(A, C, 200));
    }

    @Test
    void equalNetsPairUpByIdAndTiesAreOrderedByIdInByteOrder() {
        // UUID.compareTo is signed and would put f... before 0...; the API orders ids as bytes.
        UUID high = UUID.fromString("ffffffff-0000-0000-0000-000000000000");
        assertThat(SettleUp.plan(nets(high, -100, A, -100, C, 100, D, 100)))
                .containsExactly(new Transfer(A, C, 100), new Transfer(high, D, 100));
        assertThat(SettleUp.plan(nets(high, -100, A, -100, C, 200)))
                .containsExactly(new Transfer(A, C, 100), new Transfer(high, C, 100));
    }

    @Test
    void theMapOrderDoesNotChangeThePlan() {
        Map<UUID, Long> nets = nets(A, -500, B, 250, C, -250, D, 300, E, 200);
        List<Transfer> plan = SettleUp.plan(nets);
        assertThat(plan).containsExactly(new Transfer(A, D, 300), new Transfer(C, B, 250), new Transfer(A, E, 200));
        assertThat(SettleUp.plan(new TreeMap<>(nets).descendingMap())).isEqualTo(plan);
    }

    @Test
    void upToTwentyMembersThePlanIsMinimalAboveItGreedy() {
        // Seven pairs that cancel, which greedy settles first, plus a case where greedy needs one more.
        Map<UUID, Long> twenty = pairs(7);
        twenty.putAll(nets(A, -9, B, -8, C, -5, D, 7, E, 7, id(0xf), 8));
        assertThat(SettleUp.plan(twenty)).hasSize(7 + 4);
        assertSettles(twenty, SettleUp.plan(twenty));

        Map<UUID, Long> twentyOne = pairs(8);
        twentyOne.putAll(nets(A, -900, B, -800, C, 200, D, 700, E, 800));
        List<Transfer> plan = SettleUp.plan(twentyOne);
        assertThat(plan).hasSize(8 + 4).contains(new Transfer(A, C, 100), new Transfer(B, C, 100));
        assertSettles(twentyOne, plan);
    }

    private static Map<UUID, Long> pairs(int count) {
        Map<UUID, Long> nets = new HashMap<>();
        for (int i = 0; i < count; i++) {
            nets.put(id(0x100 + i), 10_000L + i);
            nets.put(id(0x200 + i), -10_000L - i);
        }
        return nets;
    }

    @Test
    void netsThatDoNotAddUpToZeroAreRejected() {
        assertThatThrownBy(() -> SettleUp.plan(nets(A, -100, B, 99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> SettleUp.plan(nets(A, 1))).isInstanceOf(IllegalArgumentException.class);
        Map<UUID, Long> missing = new HashMap<>();
        missing.put(A, null);
        assertThatThrownBy(() -> SettleUp.plan(missing)).isInstanceOf(IllegalArgumentException.class);
        // Would wrap around to zero without the overflow check.
        assertThatThrownBy(() -> SettleUp.plan(nets(A, Long.MAX_VALUE, B, Long.MAX_VALUE, C, 2, D, -1, E, -1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // Property tests.

    @Property(tries = 1000)
    void upToEightMembersThePlanHasTheFewestTransfersPossible(@ForAll("fewMembers") Map<UUID, Long> nets) {
        List<Transfer> plan = SettleUp.plan(nets);
        assertSettles(nets, plan);
        long[] nonZero = nets.values().stream()
                .mapToLong(Long::longValue)
                .filter(v -> v != 0)
                .toArray();
        assertThat(plan).hasSize(fewestTransfersByPartitions(nonZero));
        assertThat(plan).hasSize(fewestTransfersBySearch(nonZero, 0));
    }

    @Property(tries = 1000)
    void anyPlanSettlesEveryNetWithPositiveTransfers(@ForAll("manyMembers") Map<UUID, Long> nets) {
        assertSettles(nets, SettleUp.plan(nets));
    }

    @Property(tries = 500)
    void thePlanDependsOnlyOnTheNets(@ForAll("manyMembers") Map<UUID, Long> nets, @ForAll Random random) {
        List<Map.Entry<UUID, Long>> entries = new ArrayList<>(nets.entrySet());
        Collections.shuffle(entries, random);
        Map<UUID, Long> shuffled = new LinkedHashMap<>();
        entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
        assertThat(SettleUp.plan(shuffled)).isEqualTo(SettleUp.plan(nets));
    }

    @Provide
    Arbitrary<Map<UUID, Long>> fewMembers() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, zeroSumNets(8, 9)), Tuple.of(2, zeroSumNets(8, 100)), Tuple.of(1, zeroSumNets(8, MAX)));
    }

    @Provide
    Arbitrary<Map<UUID, Long>> manyMembers() {
        return Arbitraries.oneOf(zeroSumNets(30, 9), zeroSumNets(30, 1000), zeroSumNets(30, MAX));
    }

    private static final long MAX = 1_000_000_000_000L;

    /** Up to {@code maxMembers} nets in [-maxAbs, maxAbs]; the member with the smallest id takes the rest. */
    private static Arbitrary<Map<UUID, Long>> zeroSumNets(int maxMembers, long maxAbs) {
        Arbitrary<UUID> ids =
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        return Arbitraries.maps(ids, Arbitraries.longs().between(-maxAbs, maxAbs))
                .ofMinSize(1)
                .ofMaxSize(maxMembers)
                .map(nets -> {
                    long sum = nets.values().stream().mapToLong(Long::longValue).sum();
                    UUID first = nets.keySet().stream().min(SettleUp.BYTE_ORDER).orElseThrow();
                    Map<UUID, Long> balanced = new HashMap<>(nets);
                    balanced.merge(first, -sum, Long::sum);
                    return balanced;
                });
    }

    /**
     * After paying every transfer every net is zero, no amount is zero or negative, nobody both pays
     * and receives, there are at most (members with a non-zero net - 1) transfers, in the API's order.
     */
    private static void assertSettles(Map<UUID, Long> nets, List<Transfer> plan) {
        Map<UUID, Long> after = new HashMap<>(nets);
        Set<UUID> payers = new HashSet<>();
        Set<UUID> payees = new HashSet<>();
        for (Transfer transfer : plan) {
            assertThat(transfer.amountMinor()).isPositive();
            after.merge(transfer.from(), transfer.amountMinor(), Long::sum);
            after.merge(transfer.to(), -transfer.amountMinor(), Long::sum);
            payers.add(transfer.from());
            payees.add(transfer.to());
        }
        assertThat(after)
                .hasSameSizeAs(nets)
                .allSatisfy((id, net) -> assertThat(net).isZero());
        payers.retainAll(payees);
        assertThat(payers).as("members who both pay and receive").isEmpty();
        long nonZero = nets.values().stream().filter(v -> v != 0).count();
        assertThat(plan).hasSizeLessThanOrEqualTo((int) Math.max(0, nonZero - 1));
        assertThat(plan).isSortedAccordingTo(SettleUp.PLAN_ORDER);
    }

    /**
     * Brute force over every partition of the members into blocks that each add up to zero: a block of
     * k members is settled with k - 1 transfers, so the fewest is members - the most blocks.
     */
    private static int fewestTransfersByPartitions(long[] nets) {
        return nets.length - mostZeroSumBlocks(nets, 0, new ArrayList<>());
    }

    private static int mostZeroSumBlocks(long[] nets, int next, List<Long> blockSums) {
        if (next == nets.length) {
            return blockSums.stream().allMatch(sum -> sum == 0) ? blockSums.size() : Integer.MIN_VALUE;
        }
        int most = Integer.MIN_VALUE;
        for (int block = 0; block < blockSums.size(); block++) {
            blockSums.set(block, blockSums.get(block) + nets[next]);
            most = Math.max(most, mostZeroSumBlocks(nets, next + 1, blockSums));
            blockSums.set(block, blockSums.get(block) - nets[next]);
        }
        blockSums.add(nets[next]);
        most = Math.max(most, mostZeroSumBlocks(nets, next + 1, blockSums));
        blockSums.remove(blockSums.size() - 1);
        return most;
    }

    /**
     * Brute force over plans, without the partition argument: the first member not yet settled is
     * settled in full by one transfer with any later member of the opposite sign (who may then cross
     * zero), and so on; the fewest transfers over all such choices.
     */
    private static int fewestTransfersBySearch(long[] nets, int first) {
        while (first < nets.length && nets[first] == 0) {
            first++;
        }
        if (first == nets.length) {
            return 0;
        }
        int fewest = Integer.MAX_VALUE;
        for (int other = first + 1; other < nets.length; other++) {
            if (nets[other] != 0 && (nets[other] > 0) != (nets[first] > 0)) {
                long moved = nets[first];
                nets[first] = 0;
                nets[other] += moved;
                fewest = Math.min(fewest, 1 + fewestTransfersBySearch(nets, first + 1));
                nets[other] -= moved;
                nets[first] = moved;
            }
        }
        return fewest;
    }
}
