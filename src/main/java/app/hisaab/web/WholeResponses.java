package app.hisaab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A response that fits the container's buffer (8 KiB) goes out whole, with a {@code Content-Length}, in one
 * write. Spring MVC flushes a response as soon as its body is written (a {@code ResponseEntity}, and
 * Jackson's generator), which commits it as {@code Transfer-Encoding: chunked} and costs a second write
 * for the closing chunk; those early flushes are held back here, and the container sends the response
 * when the request ends. Larger bodies still stream once the buffer fills. WebSocket upgrades pass
 * untouched (other upgrade offers, such as a client's {@code h2c}, are answered in HTTP/1.1 as usual).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class WholeResponses extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The same test as the socket endpoint's handshake (sync.SocketUpgrade).
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            chain.doFilter(request, response);
        } else {
            chain.doFilter(request, new HeldFlushes(response));
        }
    }

    private static final class HeldFlushes extends HttpServletResponseWrapper {
        private ServletOutputStream stream;

        HeldFlushes(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void flushBuffer() {
            // The container flushes once the request is done.
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new Unflushed(super.getOutputStream());
            }
            return stream;
        }
    }

    private static final class Unflushed extends ServletOutputStream {
        private final ServletOutputStream out;

        Unflushed(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            // Held back as flushBuffer is.
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
