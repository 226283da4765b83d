package app.hisaab.invite;

import app.hisaab.web.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 404 for every invite code that cannot be accepted, so guesses learn nothing about which exist. */
final class InvalidInvite extends ApiException {

    InvalidInvite() {
        super(HttpStatus.NOT_FOUND, "Invalid or expired invite", List.of(), null);
    }
}
