package app.hisaab.friend;

import app.hisaab.user.PlaceholderClaimed;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Friendships move first, so that every later merge step sees the accepter as the owner's friend. */
@Component
class FriendMerge {

    private final FriendService friends;

    FriendMerge(FriendService friends) {
        this.friends = friends;
    }

    @EventListener
    @Order(PlaceholderClaimed.FRIENDS)
    public void merge(PlaceholderClaimed claimed) {
        friends.mergePlaceholder(claimed.placeholder(), claimed.accepter());
    }
}
