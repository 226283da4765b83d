import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The floor under "one change to all N sockets": the same bytes written once to each of N loopback TCP
 * connections, with nothing but JDK NIO between the program and the kernel (no HTTP server, no WebSocket
 * framing, no JSON). Two processes, each pinned to its own core as compare.sh pins the server and the load:
 *
 * <pre>
 *   taskset -c 1 java bench/FanoutFloor.java receive 19555 10000 &amp;
 *   taskset -c 0 java bench/FanoutFloor.java send 19555 10000 700 20
 * </pre>
 *
 * The sender opens N connections, then in each round writes one frame of the given size to every
 * connection; it prints how long handing all N to the kernel took. The receiver reads them with one
 * selector and prints, per round, the time from the sender's start of the round (carried in the frame;
 * System.nanoTime is the machine's monotonic clock on Linux, the same in both processes) to the last byte
 * of the last connection. JDK only, loopback only.
 *
 * <p>Its N client ports stay in TIME_WAIT for a minute after it ends, and one of them can be a port a server
 * wants next (it once kept the baseline's PostgreSQL from binding 55432): wait a minute before starting one.
 */
public class FanoutFloor {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: receive <port> <n> | send <port> <n> <bytes> <rounds>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        if (args[0].equals("receive")) {
            receive(port, n);
        } else {
            send(port, n, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    static void receive(int port, int n) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            for (int i = 0; i < n; i++) {
                SocketChannel channel = server.accept();
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new long[] {0});
            }
            System.out.println("receiver: " + n + " connections");
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            int frame = -1;
            long received = 0;
            long start = 0;
            int rounds = 0;
            long[] times = new long[1000];
            while (!selector.keys().isEmpty()) {
                selector.select(1000); // a cancelled key leaves the set at the next select
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    SocketChannel channel = (SocketChannel) key.channel();
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        key.cancel();
                        channel.close();
                        continue;
                    }
                    if (read >= 12 && start == 0) {
                        frame = buffer.getInt(0);
                        start = buffer.getLong(4);
                    }
                    received += read;
                    if (frame > 0 && received == (long) frame * n) {
                        long took = System.nanoTime() - start;
                        if (rounds < times.length) {
                            times[rounds] = took;
                        }
                        rounds++;
                        System.out.printf("round %d: all %d received %.1f ms after the first write%n", rounds, n, took / 1e6);
                        received = 0;
                        start = 0;
                    }
                }
            }
            long[] done = Arrays.copyOf(times, Math.min(rounds, times.length));
            Arrays.sort(done);
            if (done.length > 0) {
                System.out.printf(
                        "receiver: %d rounds, to all %d: median %.1f ms, min %.1f ms%n",
                        done.length, n, done[done.length / 2] / 1e6, done[0] / 1e6);
            }
        }
    }

    static void send(int port, int n, int bytes, int rounds) throws Exception {
        List<SocketChannel> channels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            channels.add(channel);
        }
        System.out.println("sender: " + n + " connections");
        Thread.sleep(1000);
        byte[] payload = new byte[bytes];
        Arrays.fill(payload, (byte) 'x');
        ByteBuffer frame = ByteBuffer.wrap(payload);
        long[] handed = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            frame.putInt(0, bytes).putLong(4, start);
            for (SocketChannel channel : channels) {
                frame.rewind();
                while (frame.hasRemaining()) {
                    if (channel.write(frame) == 0) {
                        Thread.onSpinWait();
                    }
                }
            }
            handed[round] = System.nanoTime() - start;
            System.out.printf("round %d: handed %d frames of %d bytes to the kernel in %.1f ms%n", round + 1, n, bytes, handed[round] / 1e6);
            Thread.sleep(500);
        }
        Arrays.sort(handed);
        System.out.printf(
                "sender: %d rounds, handing %d frames: median %.1f ms (%.2f us each)%n",
                rounds, n, handed[rounds / 2] / 1e6, handed[rounds / 2] / 1e3 / n);
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }
}
