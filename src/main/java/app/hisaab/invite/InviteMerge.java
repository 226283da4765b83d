package app.hisaab.invite;

import app.hisaab.user.PlaceholderClaimed;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

@Component
class InviteMerge {

    private final InviteService invites;

    InviteMerge(InviteService invites) {
        this.invites = invites;
    }

    @EventListener
    @Order(PlaceholderClaimed.INVITES)
    public void merge(PlaceholderClaimed claimed) {
        invites.mergePlaceholder(claimed.placeholder(), claimed.accepter());
    }
}
