import app.hisaab.balance.SettleUp;
import app.hisaab.balance.Transfer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

/**
 * Times {@code SettleUp.plan} in one JVM: 20 members with non-zero nets (the exact plan, 2^20 subsets)
 * and 200 members (greedy), each after warm-up, printing median and max per plan; and the first call
 * of the JVM, before the JIT has compiled anything.
 *
 * <pre>./mvnw -q compile && java -cp target/classes bench/SettleUpBench.java [--runs 31]</pre>
 */
public class SettleUpBench {

    public static void main(String[] args) {
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 31;
        System.out.printf(
                "%s %s, %d cores, %d runs per case after warm-up%n",
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                runs);
        Map<UUID, Long> twenty = nets(20, 1, r -> 1 + r % 1_000_000);
        long start = System.nanoTime();
        SettleUp.plan(twenty);
        System.out.printf(
                "first call in this JVM (20 members, before JIT): %.3f ms%n", (System.nanoTime() - start) / 1e6);
        // Random amounts up to 10,000.00: zero-sum subsets are rare, the plan has 19 transfers.
        time("20 members, amounts up to 1e6 minor units", twenty, 10, runs);
        // Amounts 1..5: thousands of zero-sum subsets, the plan is several small groups.
        time("20 members, amounts 1..5", nets(20, 2, r -> 1 + r % 5), 10, runs);
        time("200 members (greedy)", nets(200, 3, r -> 1 + r % 1_000_000), 1000, runs * 100);
    }

    /** Members with non-zero nets that add up to zero; the last one takes the rest. */
    static Map<UUID, Long> nets(int members, long seed, LongUnaryOperator amount) {
        Random random = new Random(seed);
        Map<UUID, Long> nets = new HashMap<>();
        long sum = 0;
        while (nets.size() < members - 1) {
            long net = amount.applyAsLong(random.nextLong() >>> 1) * (random.nextBoolean() ? 1 : -1);
            if (sum + net == 0) {
                continue; // the last member's net must not be zero
            }
            nets.put(new UUID(random.nextLong(), random.nextLong()), net);
            sum += net;
        }
        nets.put(new UUID(random.nextLong(), random.nextLong()), -sum);
        return nets;
    }

    static void time(String name, Map<UUID, Long> nets, int warmUp, int runs) {
        int transfers = 0;
        for (int i = 0; i < warmUp; i++) {
            transfers = SettleUp.plan(nets).size();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            List<Transfer> plan = SettleUp.plan(nets);
            nanos[i] = System.nanoTime() - start;
            transfers = plan.size();
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%-45s %3d transfers  median %9.3f ms  max %9.3f ms  (%d runs)%n",
                name, transfers, nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6, runs);
    }
}
