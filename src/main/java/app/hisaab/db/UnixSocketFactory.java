package app.hisaab.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Lets the PostgreSQL driver talk to the embedded database over its unix socket, with the JDK's own
 * unix domain channels (no native library). The driver names it in {@code socketFactory} and passes the
 * socket's path as {@code socketFactoryArg}; the host and port of the URL are then ignored.
 *
 * <p>A unix channel has no {@link Socket} view, so {@link UnixSocket} is one: non-blocking underneath,
 * waiting in a selector, so that the driver's read timeouts ({@code setSoTimeout}, which LISTEN polling
 * and connection checks rely on) work as on TCP.
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path path;

    /** Called by the driver with {@code socketFactoryArg}. */
    public UnixSocketFactory(String path) {
        this.path = Path.of(path);
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(path);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        UnixSocket socket = new UnixSocket(path);
        socket.connect(null, 0);
        return socket;
    }

    /** The part of {@link Socket} the driver uses, over a unix domain channel. */
    static final class UnixSocket extends Socket {

        private final Path path;
        private volatile SocketChannel channel;
        private Selector reads;
        private Selector writes;
        private volatile int timeoutMillis;
        private volatile boolean closed;
        private boolean inputShut;
        private boolean outputShut;

        UnixSocket(Path path) {
            this.path = path;
        }

        /** Connects to the socket file; the address the driver passes (its host and port) is not used. */
        @Override
        public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                opened.connect(UnixDomainSocketAddress.of(path));
                opened.configureBlocking(false);
                reads = Selector.open();
                writes = Selector.open();
                opened.register(reads, SelectionKey.OP_READ);
                opened.register(writes, SelectionKey.OP_WRITE);
            } catch (IOException | RuntimeException e) {
                opened.close();
                closeSelectors();
                throw e;
            }
            channel = opened;
        }

        @Override
        public void connect(SocketAddress address) throws IOException {
            connect(address, 0);
        }

        @Override
        public boolean isConnected() {
            return channel != null;
        }

        @Override
        public boolean isBound() {
            return channel != null;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                closeSelectors();
            }
        }

        private void closeSelectors() throws IOException {
            if (reads != null) {
                reads.close();
            }
            if (writes != null) {
                writes.close();
            }
        }

        @Override
        public InputStream getInputStream() throws IOException {
            open();
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    if (length == 0) {
                        return 0;
                    }
                    return UnixSocket.this.read(ByteBuffer.wrap(bytes, offset, length));
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            open();
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    UnixSocket.this.write(ByteBuffer.wrap(bytes, offset, length));
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        private SocketChannel open() throws SocketException {
            SocketChannel current = channel;
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            if (current == null) {
                throw new SocketException("Socket is not connected");
            }
            return current;
        }

        private int read(ByteBuffer buffer) throws IOException {
            SocketChannel current = open();
            synchronized (reads) {
                int n = current.read(buffer);
                long timeout = timeoutMillis;
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
                while (n == 0) {
                    long wait = 0;
                    if (timeout > 0) {
                        wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        if (wait <= 0) {
                            throw new SocketTimeoutException("Read timed out");
                        }
                    }
                    try {
                        reads.select(wait);
                        reads.selectedKeys().clear();
                    } catch (ClosedSelectorException e) {
                        throw new SocketException("Socket is closed");
                    }
                    n = open().read(buffer);
                }
                return n;
            }
        }

        private void write(ByteBuffer buffer) throws IOException {
            SocketChannel current = open();
            synchronized (writes) {
                while (buffer.hasRemaining()) {
                    if (current.write(buffer) == 0) {
                        try {
                            writes.select();
                            writes.selectedKeys().clear();
                        } catch (ClosedSelectorException e) {
                            throw new SocketException("Socket is closed");
                        }
                        current = open();
                    }
                }
            }
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            if (timeout < 0) {
                throw new IllegalArgumentException("timeout < 0");
            }
            timeoutMillis = timeout;
        }

        @Override
        public int getSoTimeout() {
            return timeoutMillis;
        }

        @Override
        public synchronized void shutdownInput() throws IOException {
            open().shutdownInput();
            inputShut = true;
        }

        @Override
        public synchronized void shutdownOutput() throws IOException {
            open().shutdownOutput();
            outputShut = true;
        }

        @Override
        public synchronized boolean isInputShutdown() {
            return inputShut;
        }

        @Override
        public synchronized boolean isOutputShutdown() {
            return outputShut;
        }

        // TCP options mean nothing on a unix socket: accepted and ignored.

        @Override
        public void setTcpNoDelay(boolean on) {}

        @Override
        public boolean getTcpNoDelay() {
            return true;
        }

        @Override
        public void setKeepAlive(boolean on) {}

        @Override
        public boolean getKeepAlive() {
            return false;
        }

        @Override
        public void setSoLinger(boolean on, int linger) {}

        @Override
        public int getSoLinger() {
            return -1;
        }

        @Override
        public void setReceiveBufferSize(int size) {}

        @Override
        public void setSendBufferSize(int size) {}

        @Override
        public InetAddress getInetAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int getPort() {
            return 0;
        }

        @Override
        public int getLocalPort() {
            return -1;
        }

        @Override
        public String toString() {
            return "UnixSocket[" + path + "]";
        }
    }
}
