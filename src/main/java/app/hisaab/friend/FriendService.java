package app.hisaab.friend;

import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Friendships: who may appear in whose expenses, udhari and settlements. */
@Service
public class FriendService {

    private final FriendRepository friends;

    FriendService(FriendRepository friends) {
        this.friends = friends;
    }

    /** True when {@code friendUserId} is in {@code userId}'s friend list (linked or placeholder). */
    @Transactional(readOnly = true)
    public boolean isFriend(UUID userId, UUID friendUserId) {
        return friends.exists(userId, friendUserId);
    }

    /** The user's friends: friend user id to the name the user gave them. */
    @Transactional(readOnly = true)
    public Map<UUID, String> friendNames(UUID userId) {
        return friends.names(userId);
    }
}
