package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Input#parseTime} reads the common {@code …T…Z} form without the ISO formatter; every text must
 * still get exactly what the formatter gives (the reference below is the method as it was before).
 */
class InputTimeUnitTests {

    private static final Pattern DAY = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    private static Instant reference(String value) {
        try {
            if (DAY.matcher(value).matches()) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-03T10:15:30Z",
                "2026-12-03T10:15:30.1Z",
                "2026-12-03T10:15:30.123Z",
                "2026-12-03T10:15:30.123456789Z",
                "2026-12-03T10:15:30.1234567890Z",
                "2026-12-03T10:15:30.Z",
                "2024-02-29T00:00:00Z",
                "2026-02-29T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z",
                "2026-12-00T00:00:00Z",
                "2026-12-03T24:00:00Z",
                "2026-12-03T23:60:00Z",
                "2026-12-03T23:59:60Z",
                "2026-12-03t10:15:30z",
                "2026-12-03T10:15:30+05:30",
                "2026-12-03T10:15Z",
                "2026-12-03",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "+12026-12-03T10:15:30Z",
                "2026-12-03T10:15:30.12a4Z",
                "2026-12-03T1a:15:30Z",
                "2026-12-03T10:15:30ZZ",
                "2026-12-03T10:15:30",
                "\u0662\u0660\u0662\u0666-12-03T10:15:30Z",
                "2026-12-03T10:15:30.\u0661Z",
                ""
            })
    void readsEveryTextAsTheIsoParserDoes(String text) {
        assertThat(Input.parseTime(text)).isEqualTo(reference(text));
    }

    @Property(tries = 2000)
    void readsEveryInstantWrittenWithAnyNumberOfFractionDigits(
            @ForAll @LongRange(min = -2_208_988_800L, max = 253_402_300_799L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = 0, max = 9) int digits) {
        String whole = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC)
                .toLocalDateTime()
                .toString();
        if (whole.length() == 16) {
            whole += ":00"; // LocalDateTime.toString leaves out zero seconds
        }
        String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
        String text = whole.substring(0, 19) + fraction + "Z";
        assertThat(Input.parseTime(text)).isEqualTo(reference(text)).isNotNull();
    }

    @Property(tries = 5000)
    void readsNearMissesAsTheIsoParserDoes(@ForAll("nearMisses") String text) {
        assertThat(Input.parseTime(text)).isEqualTo(reference(text));
    }

    @Provide
    Arbitrary<String> nearMisses() {
        // A valid time, then one to three characters replaced by characters of the same alphabet.
        Arbitrary<Character> alphabet = Arbitraries.of('0', '1', '2', '5', '9', '-', ':', 'T', 't', 'Z', 'z', '.', '+');
        return Arbitraries.of("2026-12-03T10:15:30Z", "2026-12-03T10:15:30.123Z", "2026-02-28T23:59:59.999999999Z")
                .flatMap(base -> Arbitraries.integers()
                        .between(0, base.length() - 1)
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .flatMap(positions -> alphabet.list()
                                .ofSize(positions.size())
                                .map(chars -> {
                                    StringBuilder text = new StringBuilder(base);
                                    for (int i = 0; i < positions.size(); i++) {
                                        text.setCharAt(positions.get(i), chars.get(i));
                                    }
                                    return text.toString();
                                })));
    }
}
