package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class InputIdUnitTests {

    @Test
    void onlyTheCanonicalFormIsAnId() {
        UUID id = UUID.randomUUID();
        assertThat(Input.parseId(id.toString())).isEqualTo(id);
        assertThat(Input.parseId("  " + id.toString().toUpperCase() + " ")).isEqualTo(id);
        assertThat(Input.parseId("1-1-1-1-1")).isNull();
        assertThat(Input.parseId("not-an-id")).isNull();
        assertThat(Input.parseId("")).isNull();
        assertThat(Input.parseId(null)).isNull();
    }

    @Test
    void aBadIdIsRejectedWithTheFeaturesMessage() {
        Input input = new Input();
        assertThat(input.id("paidBy", "1-1-1-1-1")).isNull();
        assertThat(input.id("id", null, "must be a UUID")).isNull();
        assertThatThrownBy(input::validate)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new ApiException.FieldError("paidBy", Input.NOT_AN_ID),
                                        new ApiException.FieldError("id", "must be a UUID")));
        UUID id = UUID.randomUUID();
        Input good = new Input();
        assertThat(good.id("id", id.toString())).isEqualTo(id);
        assertThat(good.hasErrors()).isFalse();
    }
}
