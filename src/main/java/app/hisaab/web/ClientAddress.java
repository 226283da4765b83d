package app.hisaab.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The address a request came from: the socket's, unless that socket is a trusted proxy, in which case
 * the nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy. Trusted proxies
 * ({@code TRUSTED_PROXIES}) are addresses or CIDR ranges, IPv4 or IPv6 ({@code 10.0.0.0/8},
 * {@code fd00::/8}).
 *
 * <p>Rate limits count {@link #limitKey}: an IPv4 address as it is, an IPv6 address by its /64 prefix,
 * since one IPv6 client usually holds a whole /64 and could otherwise take a fresh address per request.
 */
@Component
public class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    private final List<Range> trustedProxies;

    ClientAddress(WebProperties properties) {
        this.trustedProxies = properties.trustedProxies().stream()
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(Range::parse)
                .toList();
    }

    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (!trusted(remote)) {
            return remote;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted(hop)) {
                return hop;
            }
        }
        return remote;
    }

    /** True when {@code address} is one of {@code TRUSTED_PROXIES}, whose forwarded headers are believed. */
    public boolean isTrustedProxy(String address) {
        return trusted(address);
    }

    /** What rate limits count for this request's client: the IPv4 address, or the IPv6 /64 prefix. */
    public String limitKey(HttpServletRequest request) {
        return limitKey(of(request));
    }

    /** The IPv4 address as it is, an IPv6 address as its /64 ({@code 2001:db8:1:2::/64}); else the text. */
    static String limitKey(String address) {
        InetAddress parsed = literal(address);
        if (!(parsed instanceof Inet6Address)) {
            return parsed == null ? address : parsed.getHostAddress();
        }
        byte[] bytes = Arrays.copyOf(parsed.getAddress(), 16);
        Arrays.fill(bytes, 8, 16, (byte) 0);
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }

    boolean trusted(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && trustedProxies.stream().anyMatch(range -> range.contains(parsed));
    }

    /** An IP address literal, never resolved through DNS; null when the text is not one. */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String address = text.trim();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range: a network and how many leading bits of an address must match it. */
    record Range(byte[] network, int bits) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: not an IP address or CIDR range: " + entry);
            }
            int max = address.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("TRUSTED_PROXIES: bad prefix length in " + entry);
                }
            }
            return new Range(address.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
