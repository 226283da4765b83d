package app.hisaab.web;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.support.FormattingConversionService;
import org.springframework.validation.Validator;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;

/**
 * A {@code UUID} path variable is read by {@link Input#parseId} like every other id, so only the canonical form
 * is one ({@code UUID.fromString}, behind Spring's own conversion, also takes {@code 1-1-1-1-1}). A text that is
 * not an id names nothing: {@link ProblemHandler} answers 404 for it (decision 0000).
 *
 * <p>The editor is registered by the one binding initializer every data binder starts from. An
 * {@code @InitBinder} method on a {@code @ControllerAdvice} did the same, but Spring MVC then builds an
 * invocable method for it and invokes it by reflection for every binder of every request (about 5 % of a
 * create's CPU).
 */
@Configuration(proxyBeanMethods = false)
class PathIds {

    /** Spring Boot's own initializer (the MVC conversion service and validator), with the id editor. */
    @Bean
    ConfigurableWebBindingInitializer webBindingInitializer(
            @Qualifier("mvcConversionService") FormattingConversionService conversions,
            @Qualifier("mvcValidator") Validator validator) {
        ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer();
        initializer.setConversionService(conversions);
        initializer.setValidator(validator);
        // An editor, not a converter: Spring falls back to its own UUID editor when a converter refuses a text.
        initializer.setPropertyEditorRegistrar(registry -> registry.registerCustomEditor(UUID.class, new IdEditor()));
        return initializer;
    }

    private static final class IdEditor extends PropertyEditorSupport {
        @Override
        public void setAsText(String text) {
            UUID id = Input.parseId(text);
            if (id == null) {
                throw new IllegalArgumentException(Input.NOT_AN_ID);
            }
            setValue(id);
        }
    }
}
