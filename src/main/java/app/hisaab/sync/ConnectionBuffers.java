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
     * A connection's write buffer: a longer response goes out in writes of this size. A
     * change to a group of 21 (2.6 kB) goes out in two writes. 4 KiB would make that one, but it cost 1.7 KiB
     * of RSS per idle socket, no fan-out run showed the saving beyond its noise, and POST group was lower in
     * each of three alternated pairs of rounds (docs/benchmarks.md, 2026-12-04).
     */
    static final int WRITE_BUFFER_BYTES = 2048;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER_BYTES));
        });
    }
}
