package app.hisaab.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Friends and feeds for tests of shared money: placeholders, linked accounts, and a user's changes. */
public final class People {

    private final Api api;

    public People(Api api) {
        this.api = api;
    }

    /** Adds a placeholder friend (no account) for the user; returns its user id. */
    public UUID placeholder(Api.TestUser owner, String name) {
        Api.Response r =
                api.post("/api/friends", owner.token(), Map.of("name", name)).expect(201);
        return UUID.fromString(r.text("friendUserId"));
    }

    /** Makes two accounts friends both ways through an invite, as the apps do. */
    public void link(Api.TestUser inviter, Api.TestUser accepter) {
        String code = api.post("/api/invites", inviter.token(), Map.of("friendName", accepter.name()))
                .expect(201)
                .text("inviteCode");
        accept(accepter, code);
    }

    /** Invites the person behind one of the inviter's placeholders; returns the invite code. */
    public String invite(Api.TestUser inviter, UUID placeholder, String name) {
        return api.post(
                        "/api/invites",
                        inviter.token(),
                        Map.of("friendName", name, "friendUserId", placeholder.toString()))
                .expect(201)
                .text("inviteCode");
    }

    public void accept(Api.TestUser accepter, String code) {
        api.post("/api/invites/accept", accepter.token(), Map.of("inviteCode", code))
                .expect(200);
    }

    /** Every change in the user's feed after {@code since}. */
    public List<JsonNode> changes(Api.TestUser user, long since) {
        List<JsonNode> all = new ArrayList<>();
        long cursor = since;
        for (int page = 0; page < 100; page++) {
            JsonNode body = api.get("/api/sync?limit=2000&since=" + cursor, user.token())
                    .expect(200)
                    .json();
            body.get("changes").forEach(all::add);
            cursor = body.get("cursor").asLong();
            if (!body.get("hasMore").asBoolean()) {
                return all;
            }
        }
        throw new AssertionError("feed did not end");
    }

    /** The changes of one object in the user's feed, as {@code type} strings in order. */
    public List<String> typesOf(Api.TestUser user, UUID id) {
        return changes(user, 0).stream()
                .filter(c -> c.get("id").asString().equals(id.toString()))
                .map(c -> c.get("type").asString())
                .toList();
    }

    /** Field names of a validation problem. */
    public static List<String> fields(Api.Response problem) {
        List<String> fields = new ArrayList<>();
        problem.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).isNotEmpty();
        return fields;
    }
}
