package app.hisaab.user;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users", description = "The signed-in user")
@RestController
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    record ProfileUpdate(String name, String defaultCurrency, Integer version) {}

    @Operation(operationId = "getCurrentUser", summary = "The signed-in user")
    @GetMapping("/api/users/me")
    User me(@CurrentUser UUID me) {
        return users.get(me);
    }

    @Operation(operationId = "updateCurrentUser", summary = "Change your name or default currency")
    @PatchMapping("/api/users/me")
    User update(
            @CurrentUser UUID me,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody ProfileUpdate update) {
        return users.updateProfile(
                me, update.name(), update.defaultCurrency(), Versions.expected(ifMatch, update.version()));
    }
}
