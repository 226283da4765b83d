package app.hisaab.auth;

import app.hisaab.web.ClientAddress;
import app.hisaab.web.CurrentUser;
import app.hisaab.web.RateLimiter;
import app.hisaab.web.RateLimiters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Auth", description = "Register, log in, refresh and log out")
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

    @Operation(operationId = "register", summary = "Create an account")
    @SecurityRequirements
    @ApiResponse(responseCode = "409", description = "Email or phone already registered")
    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    AuthService.Session register(@RequestBody AuthService.Registration request, HttpServletRequest http) {
        perAddress.acquire(clientAddress.limitKey(http));
        return auth.register(request);
    }

    @Operation(operationId = "login", summary = "Log in with email or phone and password")
    @ApiResponse(responseCode = "200", description = "OK")
    @SecurityRequirements
    @ApiResponse(responseCode = "401", description = "Wrong identifier or password (the same answer either way)")
    @PostMapping("/api/auth/login")
    AuthService.Session login(@RequestBody AuthService.Login request, HttpServletRequest http) {
        perAddress.acquire(clientAddress.limitKey(http));
        return auth.login(request);
    }

    @Operation(operationId = "refreshSession", summary = "Swap a refresh token for a new token pair")
    @ApiResponse(responseCode = "200", description = "OK")
    @SecurityRequirements
    @ApiResponse(
            responseCode = "401",
            description = "Unknown, expired or already rotated refresh token (a rotated one revokes its chain)")
    @PostMapping("/api/auth/refresh")
    AuthService.Session refresh(@RequestBody RefreshRequest request, HttpServletRequest http) {
        refreshesPerAddress.acquire(clientAddress.limitKey(http));
        return auth.refresh(request.refreshToken());
    }

    @Operation(operationId = "logout", summary = "Revoke the refresh token and its chain")
    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@CurrentUser UUID me, @RequestBody RefreshRequest request) {
        auth.logout(me, request.refreshToken());
    }
}
