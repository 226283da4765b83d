package app.hisaab.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem straight to a servlet response, for filters that answer before Spring MVC. */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        write(response, Problem.of(status, message));
    }

    /** The client's error as a filter answers it, with {@code Retry-After} when it has one. */
    public void write(HttpServletResponse response, ApiException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        write(response, Problem.of(e.status(), e.getMessage(), e.errors(), e.current()));
    }

    public void write(HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE.toString());
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
