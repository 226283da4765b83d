package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionHubUnitTests {

    @Test
    void loopbackIsTellingFromTheAddressText() {
        assertThat(SessionHub.isLoopback("127.0.0.1")).isTrue();
        assertThat(SessionHub.isLoopback("127.10.0.3")).isTrue();
        assertThat(SessionHub.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(SessionHub.isLoopback("::1")).isTrue();
        assertThat(SessionHub.isLoopback("::ffff:127.0.0.1")).isTrue();
        assertThat(SessionHub.isLoopback("10.0.0.1")).isFalse();
        assertThat(SessionHub.isLoopback("198.51.100.127")).isFalse();
        assertThat(SessionHub.isLoopback("2001:db8::1")).isFalse();
    }
}
