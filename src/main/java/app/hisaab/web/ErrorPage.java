package app.hisaab.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page: errors raised outside Spring MVC (by the server itself or a filter)
 * still answer as problem+json, without the exception's text.
 * Not a route of the API, so not in the OpenAPI document.
 */
@Hidden
@RestController
class ErrorPage implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        String message = switch (status) {
            case NOT_FOUND -> "No such resource";
            case CONTENT_TOO_LARGE -> RequestSizeLimit.MESSAGE;
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> RequestSizeLimit.HEADERS_MESSAGE;
            case INTERNAL_SERVER_ERROR -> "Internal server error";
            default -> status.getReasonPhrase();
        };
        return Problem.of(status, message).toResponse();
    }
}
