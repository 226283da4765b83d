package app.hisaab.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyUnitTests {

    @ParameterizedTest
    @CsvSource({
        "12, INR, 1200, 12.00",
        "12.5, INR, 1250, 12.50",
        "12.50, INR, 1250, 12.50",
        "0.01, INR, 1, 0.01",
        "250, JPY, 250, 250",
        "3.334, KWD, 3334, 3.334",
        "9999999999.99, INR, 999999999999, 9999999999.99",
        "999999999999, JPY, 999999999999, 999999999999"
    })
    void parsesPlainDecimalsIntoMinorUnits(String text, String currency, long minor, String written) {
        Money money = Money.parse(text, currency);

        assertThat(money.minor()).isEqualTo(minor);
        assertThat(money.amount()).isEqualTo(written);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "0.00",
                "-1",
                "+12",
                "12.",
                ".5",
                "1e3",
                "1E3",
                "NaN",
                "Infinity",
                "1,000",
                " 12",
                "12 ",
                "",
                "12.345",
                "١٢",
                "0x10",
                "10000000000.00"
            })
    void rejectsWhatTheApiRejects(String text) {
        assertThatThrownBy(() -> Money.parse(text, "INR")).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void decimalsFollowTheCurrency() {
        assertThat(Money.decimals("INR")).isEqualTo(2);
        assertThat(Money.decimals("JPY")).isZero();
        assertThat(Money.decimals("KWD")).isEqualTo(3);
        assertThatThrownBy(() -> Money.parse("250.5", "JPY")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Money.parse("1000000000000", "JPY")).hasMessageContaining("too large");
    }

    @Test
    void currencyCodesAreCheckedAndNormalised() {
        assertThat(Money.currencyCode("usd")).isEqualTo("USD");
        assertThatThrownBy(() -> Money.currencyCode("XYZ")).isInstanceOf(InvalidAmountException.class);
        assertThatThrownBy(() -> Money.currencyCode("US")).isInstanceOf(InvalidAmountException.class);
        assertThatThrownBy(() -> Money.currencyCode("XAU")).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void formatsSignedAmountsWithExactDecimals() {
        assertThat(Money.format(-150, "INR")).isEqualTo("-1.50");
        assertThat(Money.format(2000, "USD")).isEqualTo("20.00");
        assertThat(Money.format(250, "JPY")).isEqualTo("250");
        assertThat(Money.format(3334, "KWD")).isEqualTo("3.334");
        assertThat(Money.format(0, "INR")).isEqualTo("0.00");
    }

    @Property
    void formattingThenParsingGivesTheSameAmount(@ForAll @LongRange(min = 1, max = Money.MAX_MINOR) long minor) {
        for (String currency : new String[] {"INR", "JPY", "KWD"}) {
            assertThat(Money.parse(Money.format(minor, currency), currency).minor())
                    .isEqualTo(minor);
        }
    }
}
