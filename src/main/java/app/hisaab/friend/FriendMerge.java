package app.hisaab.friend;

import app.hisaab.user.PlaceholderMerge;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Friendships move first, so that every later merge step sees the accepter as the owner's friend. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FriendMerge implements PlaceholderMerge {

    private final FriendService friends;

    FriendMerge(FriendService friends) {
        this.friends = friends;
    }

    @Override
    public void merge(UUID placeholder, UUID accepter, UUID inviter) {
        friends.mergePlaceholder(placeholder, accepter);
    }
}
