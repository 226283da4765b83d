package app.hisaab.invite;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.RateLimiter;
import app.hisaab.web.RateLimiters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Invites", description = "Invite codes that link a placeholder to a real account")
@RestController
class InviteController {

    /** An accept touches rows of many features; one that lost a deadlock to another write is run again. */
    private static final int ACCEPT_ATTEMPTS = 3;

    private final InviteService invites;
    private final RateLimiter acceptsPerUser;

    InviteController(InviteService invites, InviteProperties properties, RateLimiters limiters) {
        this.invites = invites;
        this.acceptsPerUser = limiters.smooth(properties.acceptLimitPerUser(), properties.acceptLimitWindow());
    }

    record AcceptRequest(String inviteCode) {}

    @Operation(operationId = "createInvite", summary = "Create an invite code for a friend")
    @PostMapping("/api/invites")
    @ResponseStatus(HttpStatus.CREATED)
    Invite create(@CurrentUser UUID me, @RequestBody InviteService.NewInvite request) {
        return invites.create(me, request);
    }

    @Operation(operationId = "listInvites", summary = "The invites you created")
    @GetMapping("/api/invites")
    ResponseEntity<List<Invite>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return invites.list(me, limit, before).toResponse();
    }

    @Operation(operationId = "revokeInvite", summary = "Revoke an invite")
    @ApiResponse(responseCode = "409", description = "The invite was accepted already")
    @DeleteMapping("/api/invites/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@CurrentUser UUID me, @PathVariable UUID id) {
        invites.revoke(me, id);
    }

    @Operation(operationId = "acceptInvite", summary = "Accept an invite: become friends and take over the placeholder")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "404", description = "Invalid or expired invite")
    @PostMapping("/api/invites/accept")
    InviteService.Accepted accept(@CurrentUser UUID me, @RequestBody AcceptRequest request) {
        acceptsPerUser.acquire(me.toString());
        for (int attempt = 1; ; attempt++) {
            try {
                return invites.accept(me, request.inviteCode());
            } catch (ConcurrencyFailureException e) {
                if (attempt == ACCEPT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
