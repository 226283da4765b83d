package app.hisaab.web;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * A {@code UUID} path variable is read by {@link Input#parseId} like every other id, so only the canonical form
 * is one ({@code UUID.fromString}, behind Spring's own conversion, also takes {@code 1-1-1-1-1}). A text that is
 * not an id names nothing: {@link ProblemHandler} answers 404 for it (decision 0000).
 */
@ControllerAdvice
class PathIds {

    // An editor, not a converter: Spring falls back to its own UUID editor when a converter refuses a text.
    @InitBinder
    void readIdsWithInput(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                UUID id = Input.parseId(text);
                if (id == null) {
                    throw new IllegalArgumentException(Input.NOT_AN_ID);
                }
                setValue(id);
            }
        });
    }
}
