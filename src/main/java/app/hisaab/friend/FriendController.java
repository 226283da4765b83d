package app.hisaab.friend;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Friends", description = "Friends and placeholders (friends without an account yet)")
@RestController
class FriendController {

    private final FriendService friends;

    FriendController(FriendService friends) {
        this.friends = friends;
    }

    @Operation(operationId = "listFriends", summary = "Your friends, by name")
    @GetMapping("/api/friends")
    ResponseEntity<List<Friend>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return friends.list(me, limit, before).toResponse();
    }

    @Operation(operationId = "addFriend", summary = "Add a friend: a placeholder user owned by you, and the friendship")
    @PostMapping("/api/friends")
    ResponseEntity<Friend> add(@CurrentUser UUID me, @RequestBody FriendService.NewFriend request) {
        return friends.add(me, request).response();
    }

    @Operation(operationId = "updateFriend", summary = "Change your alias and contact details for a friend")
    @PatchMapping("/api/friends/{id}")
    Friend update(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody FriendService.FriendPatch patch) {
        return friends.update(me, id, patch, Versions.expected(ifMatch, patch.version()));
    }

    @Operation(operationId = "removeFriend", summary = "Remove a friend (your side only)")
    @ApiResponse(responseCode = "409", description = "Your balance with them is not zero")
    @DeleteMapping("/api/friends/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@CurrentUser UUID me, @PathVariable UUID id) {
        friends.remove(me, id);
    }
}
