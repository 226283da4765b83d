package app.hisaab.invite;

import app.hisaab.user.PlaceholderClaimed;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merge step that fails, for tests only: it runs after every real step, and throws when the accepter
 * is one a test named (every other accept in the shared context passes it untouched). Before throwing
 * it notes how many live rows still name the placeholder in the accepting transaction, so a test can
 * see that the real steps had written their part before the failure.
 */
@Component
class FailingMergeStep {

    private final JdbcClient jdbc;
    private final Set<UUID> failFor = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Long> rowsLeftAtFailure = new ConcurrentHashMap<>();

    FailingMergeStep(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void failFor(UUID accepter) {
        failFor.add(accepter);
    }

    void passFor(UUID accepter) {
        failFor.remove(accepter);
    }

    /** Live friendships and the shares, payments, udhari, settlements and invites naming the placeholder when it failed. */
    Long rowsLeftAtFailure(UUID placeholder) {
        return rowsLeftAtFailure.get(placeholder);
    }

    @EventListener
    @Order(Ordered.LOWEST_PRECEDENCE)
    public void merge(PlaceholderClaimed claimed) {
        if (!failFor.contains(claimed.accepter())) {
            return;
        }
        long left = jdbc.sql("""
                        SELECT (SELECT count(*) FROM friendships WHERE friend_user_id = :p AND deleted_at IS NULL)
                             + (SELECT count(*) FROM expense_shares WHERE user_id = :p)
                             + (SELECT count(*) FROM group_expenses WHERE paid_by = :p)
                             + (SELECT count(*) FROM udhari WHERE counterparty_id = :p)
                             + (SELECT count(*) FROM settlements WHERE from_user_id = :p OR to_user_id = :p)
                             + (SELECT count(*) FROM invites WHERE placeholder_id = :p)
                        """)
                .param("p", claimed.placeholder())
                .query(Long.class)
                .single();
        rowsLeftAtFailure.put(claimed.placeholder(), left);
        throw new IllegalStateException("merge step failed on purpose");
    }
}
