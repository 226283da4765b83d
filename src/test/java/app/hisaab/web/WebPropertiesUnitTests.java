package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebPropertiesUnitTests {

    @Test
    void theReadLimitIsTenTimesTheWriteLimitUnlessSet() {
        assertThat(new WebProperties(List.of(), List.of(), 600, 65536, 0).readLimit())
                .isEqualTo(6000);
        // A load test that lifts the write limit lifts the read limit with it, without overflowing.
        assertThat(new WebProperties(List.of(), List.of(), 300_000_000, 65536, 0).readLimit())
                .isEqualTo(3_000_000_000L);
        assertThat(new WebProperties(List.of(), List.of(), 600, 65536, 120).readLimit())
                .isEqualTo(120);
    }
}
