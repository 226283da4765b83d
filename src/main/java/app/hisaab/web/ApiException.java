package app.hisaab.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An error a client caused; {@link ProblemHandler} turns it into {@code application/problem+json}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;
    private final transient Object current;

    protected ApiException(HttpStatus status, String message, List<FieldError> errors, Object current) {
        super(message, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.current = current;
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The object as it is now, sent with a version conflict so the client can merge. */
    public Object current() {
        return current;
    }

    /** Seconds after which a retry can succeed, sent as {@code Retry-After}; 0 when none is sent. */
    public long retryAfterSeconds() {
        return 0;
    }

    public record FieldError(String field, String message) {}

    /** 404: missing, deleted, or not visible to the caller (never 403, so existence is not revealed). */
    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", List.of(), null);
    }

    public static ApiException notFound() {
        return notFound("Resource");
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, message, List.of(), null);
    }

    public static ApiException versionConflict(Object current) {
        return new ApiException(HttpStatus.CONFLICT, "Version conflict: the object has changed", List.of(), current);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message, List.of(), null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, message, List.of(), null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, List.of(), null);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        String message = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : "Invalid input in " + errors.size() + " fields";
        return new ApiException(HttpStatus.BAD_REQUEST, message, errors, null);
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new RateLimited(retryAfterSeconds);
    }

    /** 503: nothing was done, a retry after the given seconds can succeed. */
    public static ApiException unavailable(String message, long retryAfterSeconds) {
        return new Unavailable(message, retryAfterSeconds);
    }

    /** 503 with the seconds after which a retry can succeed. */
    public static final class Unavailable extends ApiException {
        private final long retryAfterSeconds;

        Unavailable(String message, long retryAfterSeconds) {
            super(HttpStatus.SERVICE_UNAVAILABLE, message, List.of(), null);
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }

        @Override
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** 429 with the seconds after which a retry can succeed. */
    public static final class RateLimited extends ApiException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "Too many requests, retry later", List.of(), null);
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }

        @Override
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
