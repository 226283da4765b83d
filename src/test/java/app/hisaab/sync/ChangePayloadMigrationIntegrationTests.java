package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V12 moves the changes recorded before it into payloads: rows of one change (same object, actor,
 * time and view) share one payload, and every recipient keeps its seq, type and data. Runs the
 * migrations in a schema of its own, which it drops.
 */
@IntegrationTest
class ChangePayloadMigrationIntegrationTests {

    @Autowired
    DataSource dataSource;

    @Test
    void changesRecordedBeforeV12ShareOnePayloadPerView() {
        String schema = "v12_check_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        try {
            flyway(schema, "11").migrate();
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            UUID c = UUID.randomUUID();
            UUID expense = UUID.randomUUID();
            for (UUID user : List.of(a, b, c)) {
                jdbc.sql("INSERT INTO " + schema + ".users (id, name, password_hash, created_at, updated_at)"
                                + " VALUES (:id, 'U', 'x', now(), now())")
                        .param("id", user)
                        .update();
            }
            String insert = "INSERT INTO " + schema + ".change_log (user_id, seq, type, entity_id, actor_id, at, data)"
                    + " VALUES (:user, :seq, :type, :entity, :actor, '2026-11-24T10:00:00Z', CAST(:data AS jsonb))";
            // One update seen alike by a, b and c (b removed: its deletion is another view), then a rename of a.
            record(jdbc, insert, a, 1, "group_expense_updated", expense, a, "{\"id\": 1, \"title\": \"T\"}");
            record(jdbc, insert, b, 1, "group_expense_deleted", expense, a, "{\"id\": 1}");
            record(jdbc, insert, c, 1, "group_expense_added", expense, a, "{\"title\": \"T\", \"id\": 1}");
            record(jdbc, insert, a, 2, "user_updated", a, a, "{\"name\": \"A\"}");

            flyway(schema, "12").migrate();

            assertThat(count(jdbc, "SELECT count(*) FROM " + schema + ".change_payloads"))
                    .isEqualTo(3);
            assertThat(count(jdbc, "SELECT count(*) FROM " + schema + ".change_log"))
                    .isEqualTo(4);
            List<String> rows = jdbc.sql("SELECT l.user_id || ':' || l.seq || ':' || l.type || ':' || p.entity_id"
                            + " || ':' || p.actor_id || ':' || p.data::text"
                            + " FROM " + schema + ".change_log l JOIN " + schema + ".change_payloads p"
                            + " ON p.id = l.payload_id ORDER BY l.user_id, l.seq")
                    .query(String.class)
                    .list();
            assertThat(rows)
                    .containsExactlyInAnyOrder(
                            a + ":1:group_expense_updated:" + expense + ":" + a + ":{\"id\": 1, \"title\": \"T\"}",
                            b + ":1:group_expense_deleted:" + expense + ":" + a + ":{\"id\": 1}",
                            c + ":1:group_expense_added:" + expense + ":" + a + ":{\"id\": 1, \"title\": \"T\"}",
                            a + ":2:user_updated:" + a + ":" + a + ":{\"name\": \"A\"}");
            assertThat(count(
                            jdbc,
                            "SELECT count(DISTINCT payload_id) FROM " + schema + ".change_log WHERE user_id IN ('" + a
                                    + "', '" + c + "') AND seq = 1"))
                    .isEqualTo(1);
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
    }

    private Flyway flyway(String schema, String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static void record(
            JdbcClient jdbc, String insert, UUID user, long seq, String type, UUID entity, UUID actor, String data) {
        jdbc.sql(insert)
                .param("user", user)
                .param("seq", seq)
                .param("type", type)
                .param("entity", entity)
                .param("actor", actor)
                .param("data", data)
                .update();
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
