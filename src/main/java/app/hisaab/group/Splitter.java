package app.hisaab.group;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Divides a total in integer minor units among participants. Every result adds up exactly to the
 * total and no share is negative. Rounding is by largest remainder with ties in participants order,
 * which for {@code equal} means the leftover units go one each to the first participants.
 */
final class Splitter {

    private Splitter() {}

    /**
     * Splits {@code total} among {@code participants}.
     *
     * @param values per participant, in the mode's scale: minor units for exact, hundredths of a percent
     *     for percent (adding up to 10 000), thousandths of a share for shares; ignored for equal
     * @throws IllegalArgumentException when the values do not fit the mode (the caller validates first)
     */
    static long[] split(long total, int participants, SplitMode mode, long[] values) {
        if (total <= 0 || participants <= 0) {
            throw new IllegalArgumentException("total and participants must be positive");
        }
        return switch (mode) {
            case EQUAL -> largestRemainder(total, ones(participants));
            case EXACT -> exact(total, participants, values);
            case PERCENT -> {
                checkValues(participants, values);
                if (sum(values) != SplitMode.HUNDRED_PERCENT) {
                    throw new IllegalArgumentException("percentages must add up to 100");
                }
                yield largestRemainder(total, values);
            }
            case SHARES -> {
                checkValues(participants, values);
                if (sum(values) <= 0) {
                    throw new IllegalArgumentException("at least one share must be positive");
                }
                yield largestRemainder(total, values);
            }
        };
    }

    private static long[] exact(long total, int participants, long[] values) {
        checkValues(participants, values);
        if (sum(values) != total) {
            throw new IllegalArgumentException("exact amounts must add up to the total");
        }
        return values.clone();
    }

    private static void checkValues(int participants, long[] values) {
        if (values == null || values.length != participants) {
            throw new IllegalArgumentException("one value per participant is required");
        }
        for (long value : values) {
            if (value < 0) {
                throw new IllegalArgumentException("values must not be negative");
            }
        }
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum = Math.addExact(sum, value);
        }
        return sum;
    }

    private static long[] ones(int participants) {
        long[] ones = new long[participants];
        Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * Each participant gets floor(total × weight / Σweights); the units left over go one each to the
     * largest remainders, ties to the earlier participant. Products use BigInteger: they can pass 2^63.
     */
    private static long[] largestRemainder(long total, long[] weights) {
        BigInteger sum = BigInteger.valueOf(sum(weights));
        BigInteger big = BigInteger.valueOf(total);
        int n = weights.length;
        long[] shares = new long[n];
        BigInteger[] remainders = new BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            BigInteger[] division = big.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(sum);
            shares[i] = division[0].longValueExact();
            remainders[i] = division[1];
            given += shares[i];
        }
        long leftover = total - given; // < n, since each remainder is below the sum of weights
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(
                order,
                Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i));
        for (int k = 0; k < leftover; k++) {
            shares[order[k]]++;
        }
        return shares;
    }
}
