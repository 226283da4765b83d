package app.hisaab.friend;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Friends.
 *
 * @param maxFriends the most live friendships one user may have ({@code FRIEND_LIMIT_PER_USER}); one more is 409
 */
@ConfigurationProperties("hisaab.friend")
record FriendProperties(@DefaultValue("1000") int maxFriends) {}
