package app.hisaab.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An RFC 9457 problem. {@code error} repeats the message because the prototype's clients read it;
 * {@code errors} names each bad field of a validation 400; {@code current} is the object a stale
 * update conflicted with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String error,
        List<ApiException.FieldError> errors,
        Object current) {

    public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    public static Problem of(HttpStatus status, String message) {
        return of(status, message, null, null);
    }

    public static Problem of(HttpStatus status, String message, List<ApiException.FieldError> errors, Object current) {
        List<ApiException.FieldError> fieldErrors =
                errors == null || errors.isEmpty() ? (status == HttpStatus.BAD_REQUEST ? List.of() : null) : errors;
        return new Problem(
                "about:blank", status.getReasonPhrase(), status.value(), message, message, fieldErrors, current);
    }

    public ResponseEntity<Problem> toResponse() {
        return ResponseEntity.status(status).contentType(MEDIA_TYPE).body(this);
    }
}
