package app.hisaab.invite;

import app.hisaab.user.PlaceholderMerge;
import java.util.UUID;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

@Component
@Order(10)
class InviteMerge implements PlaceholderMerge {

    private final InviteService invites;

    InviteMerge(InviteService invites) {
        this.invites = invites;
    }

    @Override
    public void merge(UUID placeholder, UUID accepter, UUID inviter) {
        invites.mergePlaceholder(placeholder, accepter);
    }
}
