package app.hisaab.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import org.junit.jupiter.api.Test;

class PhoneUnitTests {

    @Test
    void aPhoneIsMatchedByItsDigitsWithTheLeadingPlus() {
        assertThat(Phone.digits("+91 98765-43210")).isEqualTo("+919876543210");
        assertThat(Phone.digits("  +1 (555) 010-2000 ")).isEqualTo("+15550102000");
        assertThat(Phone.digits("(022) 555 1234")).isEqualTo("0225551234");
        // Only a leading + counts; one further in is dropped with the other punctuation.
        assertThat(Phone.digits("91+98765")).isEqualTo("9198765");
        assertThat(Phone.digits("+91 98765 43210")).isEqualTo(Phone.digits("+919876543210"));
        assertThat(Phone.digits("98765 43210")).isNotEqualTo(Phone.digits("+98765 43210"));
        assertThat(Phone.digits(null)).isNull();
    }

    @Test
    void aWrittenPhoneIsKeptTrimmedAsWritten() {
        Input input = new Input();
        assertThat(Phone.optional(input, "phone", "  +91 (98765) 43-210 ")).isEqualTo("+91 (98765) 43-210");
        assertThat(Phone.optional(input, "phone", "12345678901234567890")).hasSize(Phone.MAX);
        assertThat(Phone.optional(input, "phone", null)).isNull();
        assertThat(Phone.optional(input, "phone", "   ")).isNull();
        assertThat(input.hasErrors()).isFalse();
    }

    @Test
    void onlyDigitsSpacesAndPlusMinusParenthesesWithOneDigitAtLeastAreAPhone() {
        Input input = new Input();
        assertThat(Phone.optional(input, "phone", "98765 4321x")).isNull();
        assertThat(Phone.optional(input, "friendPhone", "+ - ( )")).isNull();
        assertThat(Phone.optional(input, "phone", "123456789012345678901")).isNull();
        assertThat(Phone.optional(input, "phone", "98765\u000043210")).isNull();
        assertThat(Phone.optional(input, "phone", "٩٨٧٦٥")).isNull();
        assertThatThrownBy(input::validate)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new ApiException.FieldError("phone", Phone.INVALID),
                                        new ApiException.FieldError("friendPhone", Phone.INVALID),
                                        new ApiException.FieldError("phone", "must be at most 20 characters"),
                                        new ApiException.FieldError("phone", "must not contain control characters"),
                                        new ApiException.FieldError("phone", Phone.INVALID)));
    }
}
