package app.hisaab.friend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FriendRepository {

    private static final String EXISTS = """
            SELECT EXISTS (
                SELECT 1 FROM friendships
                WHERE user_id = :user AND friend_user_id = :friend AND deleted_at IS NULL)
            """;

    private static final String NAMES = """
            SELECT friend_user_id, name FROM friendships
            WHERE user_id = :user AND deleted_at IS NULL
            ORDER BY name, friend_user_id
            """;

    private final JdbcClient jdbc;

    FriendRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(UUID user, UUID friend) {
        return jdbc.sql(EXISTS)
                .param("user", user)
                .param("friend", friend)
                .query(Boolean.class)
                .single();
    }

    Map<UUID, String> names(UUID user) {
        Map<UUID, String> names = new LinkedHashMap<>();
        jdbc.sql(NAMES).param("user", user).query(rs -> {
            names.put(rs.getObject("friend_user_id", UUID.class), rs.getString("name"));
        });
        return names;
    }
}
