package app.hisaab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses headers over 8 KiB with 431, and request bodies over the limit with 413: at once when
 * Content-Length says so, else when reading passes the limit (chunked bodies), so a large body is
 * never buffered whole. Tomcat's own header limit is set higher (64 KiB, a bound on its buffer); past it
 * Tomcat refuses the request itself and {@link ServerErrorReports} answers 431 as well.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimit extends OncePerRequestFilter {

    static final String MESSAGE = "Request body is larger than 64 KiB";
    static final String HEADERS_MESSAGE = "Request headers are larger than 8 KiB";
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private final long maxBytes;
    private final ProblemWriter problems;

    RequestSizeLimit(WebProperties properties, ProblemWriter problems) {
        this.maxBytes = properties.maxBodyBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (headerBytes(request) > MAX_HEADER_BYTES) {
            problems.write(response, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, HEADERS_MESSAGE);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, MESSAGE);
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    private static long headerBytes(HttpServletRequest request) {
        long total = request.getMethod().length() + request.getRequestURI().length();
        if (request.getQueryString() != null) {
            total += request.getQueryString().length() + 1;
        }
        for (var names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (var values = request.getHeaders(name); values.hasMoreElements(); ) {
                total += name.length() + values.nextElement().length() + 4;
            }
        }
        return total;
    }

    /** Raised while reading past the limit; the problem handler answers 413. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super(MESSAGE, null);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        CountingStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > maxBytes) {
                throw new TooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
