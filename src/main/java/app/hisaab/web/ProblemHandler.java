package app.hisaab.web;

import app.hisaab.db.DatabaseOutage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/** Turns every exception a request can raise into {@code application/problem+json}, never a stack trace. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** Seconds a client waits before retrying while PostgreSQL is unreachable (a restart takes a few). */
    static final String UNAVAILABLE_RETRY_AFTER = "2";

    private final DatabaseOutage outage;

    ProblemHandler(DatabaseOutage outage) {
        this.outage = outage;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Problem> api(ApiException e) {
        ResponseEntity<Problem> response =
                Problem.of(e.status(), e.getMessage(), e.errors(), e.current()).toResponse();
        if (e.retryAfterSeconds() > 0) {
            return ResponseEntity.status(response.getStatusCode())
                    .headers(response.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                    .body(response.getBody());
        }
        return response;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimit.TooLarge) {
                return Problem.of(HttpStatus.CONTENT_TOO_LARGE, RequestSizeLimit.MESSAGE)
                        .toResponse();
            }
        }
        String field = fieldOf(e);
        if (field == null) {
            return Problem.of(HttpStatus.BAD_REQUEST, "Malformed JSON request body")
                    .toResponse();
        }
        return Problem.of(
                        HttpStatus.BAD_REQUEST,
                        "Malformed JSON request body at " + field,
                        List.of(new ApiException.FieldError(field, "has the wrong type or format")),
                        null)
                .toResponse();
    }

    private static String fieldOf(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException jackson
                && !jackson.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                if (ref.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.isEmpty() ? null : path.toString();
        }
        return null;
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Problem> invalid(MethodArgumentNotValidException e) {
        List<ApiException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new ApiException.FieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        return api(ApiException.invalid(errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Problem> invalid(HandlerMethodValidationException e) {
        List<ApiException.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new ApiException.FieldError(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return api(ApiException.invalid(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e) {
        MethodParameter parameter = e.getParameter();
        if (parameter.hasParameterAnnotation(PathVariable.class)) {
            // An id that is not even a UUID names nothing that exists.
            return api(ApiException.notFound());
        }
        return api(ApiException.invalid(e.getName(), "has the wrong format"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Problem> missingParameter(MissingServletRequestParameterException e) {
        return api(ApiException.invalid(e.getParameterName(), "is required"));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Problem> missingHeader(MissingRequestHeaderException e) {
        return api(ApiException.invalid(e.getHeaderName(), "is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> unsupportedMediaType() {
        return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json")
                .toResponse();
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Problem> notAcceptable() {
        return Problem.of(HttpStatus.NOT_ACCEPTABLE, "This resource is available as application/json only")
                .toResponse();
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Problem> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        ResponseEntity<Problem> response = Problem.of(
                        HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here")
                .toResponse();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return new ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Problem> noRoute() {
        return Problem.of(HttpStatus.NOT_FOUND, "No such resource").toResponse();
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Problem> duplicate() {
        // A race between two writes of the same unique value; the other one won.
        return Problem.of(HttpStatus.CONFLICT, "Conflict with another change, try again")
                .toResponse();
    }

    @ExceptionHandler({TransientDataAccessException.class, CannotGetJdbcConnectionException.class})
    ResponseEntity<Problem> busy(Exception e) {
        if (DatabaseOutage.isConnectionFailure(e)) {
            return unavailable(e);
        }
        // A deadlock victim, a lock timeout or an exhausted pool: nothing was written; a retry can succeed.
        log.warn(
                "Request could not complete, asking the client to retry: {}",
                e.getClass().getSimpleName());
        ResponseEntity<Problem> response = Problem.of(
                        HttpStatus.SERVICE_UNAVAILABLE, "The server is busy, retry shortly")
                .toResponse();
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(response.getBody());
    }

    /**
     * PostgreSQL restarting, a backend terminated, the pool out of connections: whatever the request did
     * was rolled back (or, for a lost commit, is safe to send again), so the client retries. Logged once
     * per outage by {@link DatabaseOutage}, not per request.
     */
    private ResponseEntity<Problem> unavailable(Exception e) {
        outage.failed(e);
        ResponseEntity<Problem> response = Problem.of(
                        HttpStatus.SERVICE_UNAVAILABLE, "The database is not reachable, retry shortly")
                .toResponse();
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, UNAVAILABLE_RETRY_AFTER)
                .body(response.getBody());
    }

    /** The client closed the connection while its answer was written (a load test stopping, a phone going away). */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("Client went away during its response: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> fault(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.valueOf(response.getStatusCode().value());
            String detail = response.getBody().getDetail();
            return Problem.of(status, detail != null ? detail : status.getReasonPhrase())
                    .toResponse();
        }
        if (DatabaseOutage.isConnectionFailure(e)) {
            return unavailable(e);
        }
        log.error("Request failed", e);
        if (e instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
            // The fault that made the rollback necessary (TransactionInterceptor's own report is off).
            log.error("Request failed before its rollback failed", rollback.getApplicationException());
        }
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error")
                .toResponse();
    }
}
