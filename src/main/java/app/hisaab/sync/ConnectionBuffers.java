package app.hisaab.sync;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Smaller per-connection buffers, because a server that holds thousands of idle WebSockets pays for
 * every buffer on every one of them (a heap histogram at 10,000 sockets: see docs/benchmarks.md).
 * Tomcat's default is 8 KiB each for a connection's read and write buffers. Messages on the socket are
 * small (a change is a few hundred bytes), and a longer one is simply written in more than one pass.
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** A connection's read buffer; Tomcat reads a request or a frame straight into its own buffer when it can. */
    static final int READ_BUFFER_BYTES = 512;

    /**
     * A connection's write buffer: a longer response goes out in writes of this size. A change to a group of
     * 21 is a 2.6 kB frame, which 2 KiB sent in two writes. On one core the second write cost as much as the
     * first: one 2.6 kB frame to each of 10,000 loopback connections took 114 ms, a 2 kB and a 562-byte one
     * 178 ms ({@code bench/FanoutFloor.java}). 4 KiB instead of 2 cost 1.7 KiB of RSS per idle socket
     * (docs/benchmarks.md, 2026-12-04).
     */
    static final int WRITE_BUFFER_BYTES = 4096;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER_BYTES));
        });
    }
}
