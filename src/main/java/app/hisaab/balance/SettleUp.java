package app.hisaab.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;

/** Settle-up plans: who pays whom so that every member's net in one currency becomes zero. */
public final class SettleUp {

    /** Up to this many members with a non-zero net the plan is minimal; above it, greedy. */
    static final int EXACT_LIMIT = 20;

    /** Ids in byte order, as PostgreSQL and the API's lists order them (not {@link UUID#compareTo}). */
    static final Comparator<UUID> BYTE_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** The API's order of transfers in one currency: amount descending, then payer, then payee. */
    static final Comparator<Transfer> PLAN_ORDER = Comparator.comparingLong(Transfer::amountMinor)
            .reversed()
            .thenComparing(Transfer::from, BYTE_ORDER)
            .thenComparing(Transfer::to, BYTE_ORDER);

    private SettleUp() {}

    /**
     * The transfers that settle every net of one currency, with the fewest transfers possible whenever
     * at most {@value #EXACT_LIMIT} members have a non-zero net, and a greedy plan above that.
     *
     * <p>A positive net is owed money, a negative one owes it; zero nets are ignored. The result is in
     * the API's order (amount descending, then payer, then payee, ids in byte order) and depends only
     * on the nets, never on the map's iteration order. After paying every transfer all nets are zero,
     * every amount is positive, and debtors only pay while creditors only receive.
     *
     * <p><b>Why the plan is minimal.</b> Take any plan as a graph whose vertices are the {@code n}
     * members with a non-zero net and whose edges are its transfers. Money moves only along edges, so
     * the nets in each connected component add up to zero, and a connected component of {@code k}
     * members has at least {@code k - 1} edges. A plan whose graph has {@code c} components therefore
     * has at least {@code n - c} transfers, where the components are disjoint zero-sum groups; so no
     * plan has fewer than {@code n - p} transfers, {@code p} being the largest number of disjoint
     * zero-sum groups the members can be split into. This method reaches {@code n - p}: it finds such
     * a split and settles each group of {@code k} members with {@code k - 1} transfers.
     *
     * <p><b>How.</b> Members are sorted by net, then id. For each subset (a bit mask of at most 2^20)
     * the sum of its nets is the sum of the subset without its lowest member plus that member's net,
     * and {@code groups[mask]} is the largest number of zero-sum prefixes over the orders of the
     * subset: the best over removing one member, plus one when the subset itself sums to zero. For the
     * whole set (which sums to zero) that is {@code p}; walking back from it, removing a member that
     * keeps the optimum, cuts the set into {@code p} zero-sum groups, none of which contains a smaller
     * zero-sum group. Inside each group the largest debtor pays the largest creditor the smaller of
     * the two amounts, until the group is settled: each transfer settles at least one member and the
     * last settles two, so {@code k - 1} transfers. Time is {@code O(2^n * n)} for {@code n} up to
     * {@value #EXACT_LIMIT}; above that the same greedy rule runs over all members ({@code O(n log n)}),
     * which settles everyone with at most {@code n - 1} transfers but is not always minimal.
     *
     * @param netsInMinorUnits each member's net in minor units of one currency
     * @return the transfers, in the API's order
     * @throws IllegalArgumentException if the nets do not add up to zero, a net is {@code null}, or the
     *     amounts owed add up to more than a {@code long} holds
     */
    public static List<Transfer> plan(Map<UUID, Long> netsInMinorUnits) {
        Member[] members = nonZeroMembers(netsInMinorUnits);
        int n = members.length;
        UUID[] ids = new UUID[n];
        long[] nets = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = members[i].id();
            nets[i] = members[i].net();
        }
        List<Transfer> transfers = new ArrayList<>(Math.max(0, n - 1));
        if (n <= EXACT_LIMIT) {
            for (int group : zeroSumGroups(nets)) {
                settleGreedily(membersOf(group), ids, nets, transfers);
            }
        } else {
            settleGreedily(allOf(n), ids, nets, transfers);
        }
        transfers.sort(PLAN_ORDER);
        return List.copyOf(transfers);
    }

    private record Member(UUID id, long net) {}

    private static Member[] nonZeroMembers(Map<UUID, Long> netsInMinorUnits) {
        Objects.requireNonNull(netsInMinorUnits, "nets");
        List<Member> members = new ArrayList<>(netsInMinorUnits.size());
        long owed = 0;
        long owing = 0;
        for (Map.Entry<UUID, Long> entry : netsInMinorUnits.entrySet()) {
            UUID id = Objects.requireNonNull(entry.getKey(), "member id");
            Long net = entry.getValue();
            if (net == null) {
                throw new IllegalArgumentException("no net for member " + id);
            }
            if (net == 0) {
                continue;
            }
            try {
                if (net > 0) {
                    owed = Math.addExact(owed, net);
                } else {
                    owing = Math.addExact(owing, net);
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("nets too large to add up", e);
            }
            members.add(new Member(id, net));
        }
        // owed >= 0 >= owing, so this cannot overflow; and since both totals fit in a long, neither
        // does any subset sum or remaining amount below.
        if (owed + owing != 0) {
            throw new IllegalArgumentException("nets must add up to zero, they add up to " + (owed + owing));
        }
        Member[] sorted = members.toArray(new Member[0]);
        Arrays.sort(sorted, Comparator.comparingLong(Member::net).thenComparing(Member::id, BYTE_ORDER));
        return sorted;
    }

    /**
     * Splits members {@code 0..n-1} (at most {@value #EXACT_LIMIT}, nets adding up to zero) into the
     * largest number of disjoint zero-sum groups, each as a bit mask.
     */
    private static int[] zeroSumGroups(long[] nets) {
        int n = nets.length;
        if (n == 0) {
            return new int[0];
        }
        int full = (1 << n) - 1;
        long[] sum = new long[full + 1];
        byte[] groups = new byte[full + 1];
        for (int mask = 1; mask <= full; mask++) {
            sum[mask] = sum[mask & (mask - 1)] + nets[Integer.numberOfTrailingZeros(mask)];
            int best = 0;
            for (int rest = mask; rest != 0; rest &= rest - 1) {
                int without = groups[mask ^ (rest & -rest)];
                if (without > best) {
                    best = without;
                }
            }
            groups[mask] = (byte) (sum[mask] == 0 ? best + 1 : best);
        }
        int[] result = new int[groups[full]];
        int found = 0;
        int mask = full;
        int groupEnd = full;
        while (mask != 0) {
            int keep = sum[mask] == 0 ? groups[mask] - 1 : groups[mask];
            for (int rest = mask; rest != 0; rest &= rest - 1) {
                int without = mask ^ (rest & -rest);
                if (groups[without] == keep) {
                    mask = without;
                    break;
                }
            }
            if (sum[mask] == 0) {
                result[found++] = groupEnd ^ mask;
                groupEnd = mask;
            }
        }
        return result;
    }

    private static int[] membersOf(int mask) {
        int[] members = new int[Integer.bitCount(mask)];
        int i = 0;
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            members[i++] = Integer.numberOfTrailingZeros(rest);
        }
        return members;
    }

    private static int[] allOf(int n) {
        int[] members = new int[n];
        Arrays.setAll(members, i -> i);
        return members;
    }

    /**
     * Largest debtor pays largest creditor the smaller of the two amounts, until the given members
     * (whose nets add up to zero) are settled; ties go to the smaller id. Brings their {@code
     * remaining} nets to zero.
     */
    private static void settleGreedily(int[] members, UUID[] ids, long[] remaining, List<Transfer> transfers) {
        Comparator<Integer> byId = (a, b) -> BYTE_ORDER.compare(ids[a], ids[b]);
        PriorityQueue<Integer> debtors = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> remaining[i]).thenComparing(byId));
        PriorityQueue<Integer> creditors = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> -remaining[i]).thenComparing(byId));
        for (int member : members) {
            (remaining[member] < 0 ? debtors : creditors).add(member);
        }
        while (!debtors.isEmpty()) {
            int debtor = debtors.poll();
            int creditor = creditors.remove();
            long amount = Math.min(-remaining[debtor], remaining[creditor]);
            transfers.add(new Transfer(ids[debtor], ids[creditor], amount));
            remaining[debtor] += amount;
            remaining[creditor] -= amount;
            if (remaining[debtor] != 0) {
                debtors.add(debtor);
            }
            if (remaining[creditor] != 0) {
                creditors.add(creditor);
            }
        }
    }
}
