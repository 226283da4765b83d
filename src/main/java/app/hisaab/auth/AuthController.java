package app.hisaab.auth;

import app.hisaab.web.ClientAddress;
import app.hisaab.web.CurrentUser;
import app.hisaab.web.RateLimiter;
import app.hisaab.web.RateLimiters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuthController {

    private final AuthService auth;
    private final ClientAddress clientAddress;
    private final RateLimiter perAddress;
    private final RateLimiter refreshesPerAddress;

    AuthController(AuthService auth, ClientAddress clientAddress, AuthProperties properties, RateLimiters limiters) {
        this.auth = auth;
        this.clientAddress = clientAddress;
        this.perAddress =
                limiters.burst(properties.burstPerIp(), properties.limitPerIp(), properties.limitPerIpWindow());
        this.refreshesPerAddress =
                limiters.smooth(properties.refreshLimitPerIp(), properties.refreshLimitPerIpWindow());
    }

    record RefreshRequest(String refreshToken) {}

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    AuthService.Session register(@RequestBody AuthService.Registration request, HttpServletRequest http) {
        perAddress.acquire(clientAddress.limitKey(http));
        return auth.register(request);
    }

    @PostMapping("/api/auth/login")
    AuthService.Session login(@RequestBody AuthService.Login request, HttpServletRequest http) {
        perAddress.acquire(clientAddress.limitKey(http));
        return auth.login(request);
    }

    @PostMapping("/api/auth/refresh")
    AuthService.Session refresh(@RequestBody RefreshRequest request, HttpServletRequest http) {
        refreshesPerAddress.acquire(clientAddress.limitKey(http));
        return auth.refresh(request.refreshToken());
    }

    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@CurrentUser UUID me, @RequestBody RefreshRequest request) {
        auth.logout(me, request.refreshToken());
    }
}
