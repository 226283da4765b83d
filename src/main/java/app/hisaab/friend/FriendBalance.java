package app.hisaab.friend;

import java.util.UUID;

/**
 * Whether a user still has money open with a friend. The balance feature implements it; removing a
 * friend is refused while it says so.
 */
public interface FriendBalance {

    boolean isSettled(UUID userId, UUID friendUserId);
}
