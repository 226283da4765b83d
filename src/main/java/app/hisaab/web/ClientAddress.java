package app.hisaab.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The address a request came from: the socket's, unless that socket is a trusted proxy, in which case
 * the nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy.
 */
@Component
public class ClientAddress {

    private final Set<String> trustedProxies;

    ClientAddress(WebProperties properties) {
        this.trustedProxies = Set.copyOf(properties.trustedProxies());
    }

    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (!trustedProxies.contains(remote)) {
            return remote;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return remote;
    }

    /** True when {@code address} is one of {@code TRUSTED_PROXIES}, whose forwarded headers are believed. */
    public boolean isTrustedProxy(String address) {
        return trustedProxies.contains(address);
    }
}
