package app.hisaab.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Errors that Tomcat answers itself, before any filter runs (a malformed request line, headers over
 * its own limit), are problem+json too instead of Tomcat's HTML page. Headers over Tomcat's own limit
 * (which it answers 400) are 431, as {@link RequestSizeLimit} answers headers over 8 KiB.
 */
@Component
class ServerErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof Host host && host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(JsonErrorReport.class.getName());
            }
        });
    }

    /** Tomcat's message for a request line or headers past its buffer, in the locale it uses itself. */
    private static final String HEADER_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    static boolean isHeaderTooLarge(Throwable throwable) {
        return throwable instanceof IllegalArgumentException && HEADER_TOO_LARGE.equals(throwable.getMessage());
    }

    /** Tomcat's error report valve, writing a minimal problem document. */
    public static class JsonErrorReport extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            boolean headersTooLarge = code == 400 && isHeaderTooLarge(throwable);
            if (headersTooLarge) {
                code = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
                response.setStatus(code);
            }
            HttpStatus status = HttpStatus.resolve(code);
            String title = status != null ? status.getReasonPhrase() : "Error";
            String message =
                    headersTooLarge ? RequestSizeLimit.HEADERS_MESSAGE : code >= 500 ? "Internal server error" : title;
            String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + code
                    + ",\"detail\":\"" + message + "\",\"error\":\"" + message + "\""
                    + (code == 400 ? ",\"errors\":[]" : "") + "}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone; nothing more to say
            }
        }
    }
}
