import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running Hisaab server over HTTP with concurrent clients and prints requests/s and p50/p99
 * latency for: POST a 4-participant group expense; GET a list of 200 group expenses; GET /api/balances
 * with 50 friends and 1000 expenses. Only targets 127.0.0.1; every phase is bounded in requests and time.
 *
 * <pre>java bench/Bench.java --base http://127.0.0.1:18080 [--clients 8] [--requests 1000]</pre>
 */
public class Bench {

    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern FRIEND_USER_ID = Pattern.compile("\"friendUserId\"\\s*:\\s*\"([^\"]+)\"");
    static final Duration PHASE_LIMIT = Duration.ofSeconds(120);

    static String base;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        base = "http://127.0.0.1:8080";
        int clients = 8;
        int requests = 1000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        URI uri = URI.create(base);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("this benchmark only targets 127.0.0.1");
        }
        System.out.printf("base %s, %d clients, %d requests per phase, %d cores here%n",
                base, clients, requests, Runtime.getRuntime().availableProcessors());

        String email = "bench-" + UUID.randomUUID() + "@example.com";
        String registered = send("POST", "/api/auth/register", null,
                "{\"name\":\"Bench\",\"email\":\"" + email + "\",\"password\":\"bench-password-1\"}", 201);
        String token = first(TOKEN, registered);
        String me = first(USER_ID, registered);
        List<String> friends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String friend = send("POST", "/api/friends", token, "{\"name\":\"Friend " + i + "\"}", 201);
            friends.add(first(FRIEND_USER_ID, friend));
        }
        System.out.println("registered 1 user with 50 placeholder friends");

        // Phase 1 also seeds the expenses the next phases read: at least 1000 of them.
        int posts = Math.max(requests, 1000);
        run("POST /api/group-expenses (4 participants)", clients, posts, i -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<String> three = new ArrayList<>(friends);
            java.util.Collections.shuffle(three, random);
            String participants = "\"" + me + "\",\"" + three.get(0) + "\",\"" + three.get(1) + "\",\"" + three.get(2)
                    + "\"";
            String payer = random.nextBoolean() ? me : three.get(0);
            String body = "{\"title\":\"Bench " + i + "\",\"totalAmount\":\"" + java.math.BigDecimal.valueOf(100 + random.nextInt(100_000), 2)
                    + "\",\"paidBy\":\"" + payer + "\",\"participants\":[" + participants
                    + "],\"date\":\"2026-11-" + (10 + random.nextInt(18)) + "\"}";
            return request("POST", "/api/group-expenses", token, body);
        }, 201);
        run("GET /api/group-expenses?limit=200", clients, requests,
                i -> request("GET", "/api/group-expenses?limit=200", token, null), 200);
        run("GET /api/balances (50 friends, " + posts + " expenses)", clients, requests,
                i -> request("GET", "/api/balances", token, null), 200);
    }

    static void run(String name, int clients, int requests, IntFunction<HttpRequest> make, int expected)
            throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    HttpRequest request = make.apply(i);
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != expected) {
                            errors.incrementAndGet();
                            if (errors.get() <= 3) {
                                System.out.println("  unexpected " + response.statusCode() + ": " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        int done = Math.min(next.get(), requests);
        long[] sorted = Arrays.copyOf(latencies, done);
        Arrays.sort(sorted);
        System.out.printf("%-50s %6d req  %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                name, done, done / (elapsed / 1e9), percentile(sorted, 50), percentile(sorted, 99), errors.get());
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    static HttpRequest request(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return b.build();
    }

    static String send(String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("not found in " + text);
        }
        return m.group(1);
    }
}
