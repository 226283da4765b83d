package app.hisaab.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SplitterUnitTests {

    private static final long MAX = 999_999_999_999L;

    @Test
    void equalGivesLeftoverUnitsToTheFirstParticipants() {
        assertThat(Splitter.split(1000, 3, SplitMode.EQUAL, null)).containsExactly(334, 333, 333);
        assertThat(Splitter.split(1001, 3, SplitMode.EQUAL, null)).containsExactly(334, 334, 333);
        assertThat(Splitter.split(2, 3, SplitMode.EQUAL, null)).containsExactly(1, 1, 0);
        assertThat(Splitter.split(900, 3, SplitMode.EQUAL, null)).containsExactly(300, 300, 300);
    }

    @Test
    void exactKeepsTheAmountsWhenTheyAddUp() {
        assertThat(Splitter.split(1000, 2, SplitMode.EXACT, new long[] {0, 1000}))
                .containsExactly(0, 1000);
        assertThatThrownBy(() -> Splitter.split(1000, 2, SplitMode.EXACT, new long[] {1, 1000}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Splitter.split(1000, 2, SplitMode.EXACT, new long[] {-1, 1001}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentRoundsByLargestRemainderWithTiesInOrder() {
        // 100.00 at 33.33 / 33.33 / 33.34: 3333, 3333, 3334 exactly.
        assertThat(Splitter.split(10000, 3, SplitMode.PERCENT, new long[] {3333, 3333, 3334}))
                .containsExactly(3333, 3333, 3334);
        // 0.10 at 50/50 split three ways is impossible; 0.01 at 50/50: tie, the first gets the unit.
        assertThat(Splitter.split(1, 2, SplitMode.PERCENT, new long[] {5000, 5000}))
                .containsExactly(1, 0);
        // 10.00 at 12.5% / 87.5%: 125 and 875 exactly.
        assertThat(Splitter.split(1000, 2, SplitMode.PERCENT, new long[] {1250, 8750}))
                .containsExactly(125, 875);
        // 0.05 at 10 / 20 / 70: 0.5, 1.0, 3.5 -> remainders tie between first and third, first wins.
        assertThat(Splitter.split(5, 3, SplitMode.PERCENT, new long[] {1000, 2000, 7000}))
                .containsExactly(1, 1, 3);
        assertThatThrownBy(() -> Splitter.split(100, 2, SplitMode.PERCENT, new long[] {5000, 4999}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sharesRoundByLargestRemainder() {
        // 100.00 over 1 / 1.5 / 1.15 shares (3.65): 27.397..., 41.095..., 31.506...
        assertThat(Splitter.split(10000, 3, SplitMode.SHARES, new long[] {1000, 1500, 1150}))
                .containsExactly(2740, 4109, 3151);
        // zero shares pay nothing, even when units are left over.
        assertThat(Splitter.split(10, 3, SplitMode.SHARES, new long[] {1000, 0, 2000}))
                .containsExactly(3, 0, 7);
        assertThatThrownBy(() -> Splitter.split(100, 2, SplitMode.SHARES, new long[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hugeTotalsAndWeightsDoNotOverflow() {
        long[] shares = Splitter.split(MAX, 2, SplitMode.SHARES, new long[] {999_999_999_999L, 1});
        assertThat(shares[0] + shares[1]).isEqualTo(MAX);
        assertThat(shares).containsExactly(999_999_999_998L, 1);
    }

    // Property tests: for any total, participants and mode the splits add up, none is negative, and
    // the rounding rule holds.

    record Case(long total, SplitMode mode, long[] values, int participants) {
        @Override
        public String toString() {
            return mode + " " + total + " " + participants + " " + Arrays.toString(values);
        }
    }

    @Property(tries = 2000)
    void equalSplitsAddUpAndDifferByAtMostOneInOrder(
            @ForAll @LongRange(min = 1, max = MAX) long total, @ForAll @IntRange(min = 1, max = 60) int n) {
        long[] shares = Splitter.split(total, n, SplitMode.EQUAL, null);
        assertThat(Arrays.stream(shares).sum()).isEqualTo(total);
        long base = total / n;
        long leftover = total % n;
        for (int i = 0; i < n; i++) {
            assertThat(shares[i]).isEqualTo(i < leftover ? base + 1 : base);
        }
    }

    @Property(tries = 3000)
    void weightedSplitsAddUpAndFollowLargestRemainder(@ForAll("weightedCases") Case c) {
        long[] shares = Splitter.split(c.total(), c.participants(), c.mode(), c.values());
        assertThat(Arrays.stream(shares).sum()).isEqualTo(c.total());
        assertThat(Arrays.stream(shares).min().getAsLong()).isNotNegative();
        BigInteger weights = BigInteger.valueOf(Arrays.stream(c.values()).sum());
        BigInteger total = BigInteger.valueOf(c.total());
        BigInteger[] remainders = new BigInteger[c.participants()];
        boolean[] roundedUp = new boolean[c.participants()];
        for (int i = 0; i < c.participants(); i++) {
            BigInteger[] exact =
                    total.multiply(BigInteger.valueOf(c.values()[i])).divideAndRemainder(weights);
            long floor = exact[0].longValueExact();
            assertThat(shares[i]).isBetween(floor, floor + 1);
            roundedUp[i] = shares[i] == floor + 1;
            remainders[i] = exact[1];
            if (c.values()[i] == 0) {
                assertThat(shares[i]).isZero();
            }
        }
        // Whoever got an extra unit has a larger remainder than, or an equal one and an earlier place
        // than, everyone who did not.
        for (int i = 0; i < c.participants(); i++) {
            for (int j = 0; j < c.participants(); j++) {
                if (roundedUp[i] && !roundedUp[j]) {
                    int order = remainders[i].compareTo(remainders[j]);
                    assertThat(order > 0 || (order == 0 && i < j))
                            .as("participant %d rounded up before %d", i, j)
                            .isTrue();
                }
            }
        }
    }

    @Property(tries = 1000)
    void exactSplitsAreKeptAsGiven(@ForAll("exactCases") Case c) {
        long[] shares = Splitter.split(c.total(), c.participants(), SplitMode.EXACT, c.values());
        assertThat(shares).containsExactly(c.values());
        assertThat(Arrays.stream(shares).sum()).isEqualTo(c.total());
    }

    @Provide
    Arbitrary<Case> weightedCases() {
        Arbitrary<Long> totals = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 1000), Arbitraries.longs().between(1, MAX));
        Arbitrary<Case> shares = Combinators.combine(
                        totals,
                        Arbitraries.longs()
                                .between(0, 1_000_000_000L)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(30)
                                .filter(list -> list.stream().anyMatch(v -> v > 0)))
                .as((total, values) -> new Case(total, SplitMode.SHARES, toArray(values), values.size()));
        Arbitrary<Case> percents = Combinators.combine(
                        totals,
                        Arbitraries.longs()
                                .between(0, 10_000)
                                .list()
                                .ofMinSize(0)
                                .ofMaxSize(29))
                .as((total, cuts) -> new Case(total, SplitMode.PERCENT, percentages(cuts), cuts.size() + 1));
        return Arbitraries.oneOf(shares, percents);
    }

    @Provide
    Arbitrary<Case> exactCases() {
        return Arbitraries.longs()
                .between(0, 100_000_000_000L)
                .list()
                .ofMinSize(1)
                .ofMaxSize(30)
                .filter(list -> list.stream().mapToLong(Long::longValue).sum() > 0)
                .map(values -> new Case(
                        values.stream().mapToLong(Long::longValue).sum(),
                        SplitMode.EXACT,
                        toArray(values),
                        values.size()));
    }

    /** Cut points in 0..10 000 turned into percentages (in hundredths) that add up to 100. */
    private static long[] percentages(List<Long> cuts) {
        long[] sorted = cuts.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] values = new long[sorted.length + 1];
        long previous = 0;
        for (int i = 0; i < sorted.length; i++) {
            values[i] = sorted[i] - previous;
            previous = sorted[i];
        }
        values[sorted.length] = 10_000 - previous;
        return values;
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
