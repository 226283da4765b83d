package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressUnitTests {

    static ClientAddress trusting(String... proxies) {
        return new ClientAddress(new WebProperties(List.of(), List.of(proxies), 600, 65536, 0));
    }

    static MockHttpServletRequest from(String remote, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    @Test
    void trustedProxiesAreAddressesOrCidrRangesOfEitherFamily() {
        ClientAddress address = trusting("10.0.0.0/8", "192.168.1.7", "fd00::/8", "2001:db8::1/128", "172.16.0.0/12");

        assertThat(address.trusted("10.1.2.3")).isTrue();
        assertThat(address.trusted("11.0.0.1")).isFalse();
        assertThat(address.trusted("192.168.1.7")).isTrue();
        assertThat(address.trusted("192.168.1.8")).isFalse();
        assertThat(address.trusted("172.31.255.255")).isTrue();
        assertThat(address.trusted("172.32.0.0")).isFalse();
        assertThat(address.trusted("fd12:3456::1")).isTrue();
        assertThat(address.trusted("fe80::1")).isFalse();
        assertThat(address.trusted("2001:db8::1")).isTrue();
        assertThat(address.trusted("2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(address.trusted("2001:db8::2")).isFalse();
        assertThat(address.trusted("not-an-address")).isFalse();
        assertThat(address.trusted("localhost")).isFalse(); // never resolved through DNS
    }

    @Test
    void theClientIsTheNearestForwardedHopOutsideTheTrustedRanges() {
        ClientAddress address = trusting("10.0.0.0/8", "fd00::/8");

        assertThat(address.of(from("10.0.0.5", "203.0.113.9, 10.2.3.4"))).isEqualTo("203.0.113.9");
        assertThat(address.of(from("fd00::5", "198.51.100.1, 203.0.113.9, fd00::6")))
                .isEqualTo("203.0.113.9");
        assertThat(address.of(from("203.0.113.1", "198.51.100.1"))).isEqualTo("203.0.113.1");
        assertThat(address.of(from("10.0.0.5", null))).isEqualTo("10.0.0.5");
    }

    @Test
    void ipv6ClientsAreLimitedPer64AndIpv4PerAddress() {
        assertThat(ClientAddress.limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.limitKey("2001:db8:1:2::9")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.limitKey("2001:db8:1:3::9")).isEqualTo("2001:db8:1:3::/64");
        assertThat(ClientAddress.limitKey("[2001:DB8:1:2::1]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.limitKey("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.limitKey("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.limitKey("unknown")).isEqualTo("unknown");

        ClientAddress address = trusting("10.0.0.0/8");
        assertThat(address.limitKey(from("10.0.0.5", "2001:db8:1:2::77"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(address.limitKey(from("2001:db8:1:2::78", null))).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void aBadTrustedProxyEntryStopsTheStart() {
        assertThatThrownBy(() -> trusting("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trusting("proxy.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trusting("fd00::/129")).isInstanceOf(IllegalArgumentException.class);
    }
}
