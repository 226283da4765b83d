package app.hisaab.invite;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class InviteIntegrationTests {

    private static final String INVALID = "Invalid or expired invite";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void anInviteForSomeoneNewCreatesTheirPlaceholderAndAFriendship() {
        Api.TestUser asha = api.register("Asha");

        Api.Response created = api.post(
                        "/api/invites", asha.token(), Map.of("friendName", " Ravi ", "friendPhone", "+91 98765 43210"))
                .expect(201);
        JsonNode invite = created.json();
        String code = invite.get("inviteCode").asString();
        assertThat(code).matches("^[A-Za-z0-9_-]{22,64}$");
        assertThat(invite.get("inviteLink").asString()).isEqualTo("expense://invite/" + code);
        assertThat(invite.get("status").asString()).isEqualTo("pending");
        assertThat(invite.get("friendName").asString()).isEqualTo("Ravi");
        assertThat(Duration.between(
                        Instant.parse(invite.get("createdAt").asString()),
                        Instant.parse(invite.get("expiresAt").asString())))
                .isEqualTo(Duration.ofDays(7));

        JsonNode friends = api.get("/api/friends", asha.token()).expect(200).json();
        assertThat(friends.size()).isEqualTo(1);
        assertThat(friends.get(0).get("friendUserId").asString())
                .isEqualTo(invite.get("friendUserId").asString());
        assertThat(friends.get(0).get("name").asString()).isEqualTo("Ravi");
        assertThat(friends.get(0).get("phone").asString()).isEqualTo("+91 98765 43210");
        assertThat(friends.get(0).get("registered").asBoolean()).isFalse();

        JsonNode listed = api.get("/api/invites", asha.token()).expect(200).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0)).isEqualTo(invite);

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes).extracting(c -> c.get("type").asString()).containsExactly("friend_added", "invite_added");
        assertThat(changes.get(0).get("data")).isEqualTo(friends.get(0));
        assertThat(changes.get(1).get("data")).isEqualTo(invite);

        String second = api.post("/api/invites", asha.token(), Map.of("friendName", "Meera"))
                .expect(201)
                .text("inviteCode");
        assertThat(second).isNotEqualTo(code);
    }

    @Test
    void anInviteMayNameOnlyOneOfYourOwnPlaceholders() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        Api.Response ravi = api.post(
                        "/api/friends", asha.token(), Map.of("name", "Ravi bhai", "email", "ravi@example.com"))
                .expect(201);
        String placeholder = ravi.text("friendUserId");

        Api.Response invite = api.post("/api/invites", asha.token(), Map.of("friendUserId", placeholder))
                .expect(201);
        assertThat(invite.text("friendUserId")).isEqualTo(placeholder);
        assertThat(invite.text("friendName")).isEqualTo("Ravi bhai");
        assertThat(invite.text("friendEmail")).isEqualTo("ravi@example.com");
        assertThat(api.get("/api/friends", asha.token()).expect(200).json().size())
                .isEqualTo(1);

        for (String notMine :
                List.of(placeholder, UUID.randomUUID().toString(), asha.id().toString())) {
            Api.Response refused = api.post(
                            "/api/invites",
                            notMine.equals(placeholder) ? other.token() : asha.token(),
                            Map.of("friendUserId", notMine, "friendName", "X"))
                    .expectProblem(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("friendUserId");
        }

        Api.Response missing = api.post("/api/invites", asha.token(), Map.of("friendEmail", "bad"))
                .expectProblem(400);
        assertThat(missing.json().get("errors"))
                .extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("friendName", "friendEmail");
        assertThat(api.get("/api/invites", other.token()).expect(200).json().size())
                .isZero();
        assertThat(api.get("/api/invites", asha.token()).expect(200).json().size())
                .isEqualTo(1);
    }

    @Test
    void acceptingMergesThePlaceholderAndLinksBothWays() {
        Api.TestUser asha = api.register("Asha");
        Api.Response placeholderFriend = api.post("/api/friends", asha.token(), Map.of("name", "Ravi bhai"))
                .expect(201);
        String placeholder = placeholderFriend.text("friendUserId");
        Api.Response invite = api.post("/api/invites", asha.token(), Map.of("friendUserId", placeholder))
                .expect(201);
        Api.TestUser ravi = api.register("Ravi Kumar");
        long ashaSeq = lastSeq(asha.token());

        Api.Response accepted = api.post(
                        "/api/invites/accept", ravi.token(), Map.of("inviteCode", invite.text("inviteCode")))
                .expect(200);

        assertThat(accepted.text("message")).isEqualTo("Invite accepted");
        JsonNode friend = accepted.json().get("friend");
        assertThat(friend.get("userId").asString()).isEqualTo(ravi.id().toString());
        assertThat(friend.get("friendUserId").asString()).isEqualTo(asha.id().toString());
        assertThat(friend.get("name").asString()).isEqualTo("Asha");
        assertThat(friend.get("registered").asBoolean()).isTrue();
        assertThat(friend.get("version").asInt()).isEqualTo(1);

        JsonNode raviFriends = api.get("/api/friends", ravi.token()).expect(200).json();
        assertThat(raviFriends.size()).isEqualTo(1);
        assertThat(raviFriends.get(0)).isEqualTo(friend);

        // Asha's friendship with the placeholder now names Ravi, with her alias kept.
        JsonNode ashaFriends = api.get("/api/friends", asha.token()).expect(200).json();
        assertThat(ashaFriends.size()).isEqualTo(1);
        JsonNode ashaFriend = ashaFriends.get(0);
        assertThat(ashaFriend.get("id").asString()).isEqualTo(placeholderFriend.text("id"));
        assertThat(ashaFriend.get("friendUserId").asString())
                .isEqualTo(ravi.id().toString());
        assertThat(ashaFriend.get("name").asString()).isEqualTo("Ravi bhai");
        assertThat(ashaFriend.get("registered").asBoolean()).isTrue();
        assertThat(ashaFriend.get("version").asInt()).isEqualTo(2);

        JsonNode ashaInvite =
                api.get("/api/invites", asha.token()).expect(200).json().get(0);
        assertThat(ashaInvite.get("status").asString()).isEqualTo("accepted");
        assertThat(ashaInvite.get("friendUserId").asString())
                .isEqualTo(ravi.id().toString());
        assertThat(ashaInvite.get("acceptedAt").asString()).endsWith("Z");
        assertThat(ashaInvite.get("version").asInt()).isEqualTo(2);

        List<JsonNode> ashaChanges = changes(asha.token(), ashaSeq);
        assertThat(ashaChanges)
                .extracting(c -> c.get("type").asString())
                .containsExactly("friend_updated", "invite_updated");
        assertThat(ashaChanges.get(0).get("data")).isEqualTo(ashaFriend);
        assertThat(ashaChanges.get(1).get("data")).isEqualTo(ashaInvite);
        assertThat(ashaChanges.get(0).get("userId").asString())
                .isEqualTo(ravi.id().toString());
        List<JsonNode> raviChanges = changes(ravi.token(), 0);
        assertThat(raviChanges).extracting(c -> c.get("type").asString()).containsExactly("friend_added");
        assertThat(raviChanges.get(0).get("data")).isEqualTo(friend);

        // The same accepter again: the same answer, nothing changes.
        Api.Response again = api.post(
                        "/api/invites/accept", ravi.token(), Map.of("inviteCode", invite.text("inviteCode")))
                .expect(200);
        assertThat(again.json().get("friend")).isEqualTo(friend);
        assertThat(changes(ravi.token(), 0)).hasSize(1);
        assertThat(changes(asha.token(), ashaSeq)).hasSize(2);

        // Used by someone else, and the inviter's own code.
        Api.TestUser late = api.register("Late");
        Api.Response used = api.post(
                        "/api/invites/accept", late.token(), Map.of("inviteCode", invite.text("inviteCode")))
                .expectProblem(404);
        assertThat(used.text("error")).isEqualTo(INVALID);
        api.post("/api/invites/accept", asha.token(), Map.of("inviteCode", invite.text("inviteCode")))
                .expectProblem(400);
        assertThat(api.get("/api/friends", late.token()).expect(200).json().size())
                .isZero();

        // The merged placeholder is gone: it cannot be invited again.
        api.post("/api/invites", asha.token(), Map.of("friendUserId", placeholder))
                .expectProblem(400);
    }

    @Test
    void accepterAlreadyAFriendKeepsOneFriendshipEachWay() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        String first = api.post("/api/invites", asha.token(), Map.of("friendName", "Ravi"))
                .expect(201)
                .text("inviteCode");
        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", first))
                .expect(200);
        JsonNode ashaFriendBefore =
                api.get("/api/friends", asha.token()).expect(200).json().get(0);
        Api.Response duplicate = api.post("/api/friends", asha.token(), Map.of("name", "Ravi again"))
                .expect(201);
        String second = api.post("/api/invites", asha.token(), Map.of("friendUserId", duplicate.text("friendUserId")))
                .expect(201)
                .text("inviteCode");
        long ashaSeq = lastSeq(asha.token());
        long raviSeq = lastSeq(ravi.token());

        Api.Response accepted = api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", second))
                .expect(200);

        JsonNode raviFriends = api.get("/api/friends", ravi.token()).expect(200).json();
        assertThat(raviFriends.size()).isEqualTo(1);
        assertThat(accepted.json().get("friend")).isEqualTo(raviFriends.get(0));
        JsonNode ashaFriends = api.get("/api/friends", asha.token()).expect(200).json();
        assertThat(ashaFriends.size()).isEqualTo(1);
        assertThat(ashaFriends.get(0)).isEqualTo(ashaFriendBefore);

        List<JsonNode> ashaChanges = changes(asha.token(), ashaSeq);
        assertThat(ashaChanges)
                .extracting(c -> c.get("type").asString())
                .containsExactly("friend_deleted", "invite_updated");
        assertThat(ashaChanges.get(0).get("id").asString()).isEqualTo(duplicate.text("id"));
        assertThat(changes(ravi.token(), raviSeq)).isEmpty();
    }

    @Test
    void anInviterWhoRemovedThePlaceholderIsLinkedAgainUnderTheInviteName() {
        Api.TestUser asha = api.register("Asha");
        Api.Response invite = api.post(
                        "/api/invites", asha.token(), Map.of("friendName", "Ravi", "friendEmail", "r@example.com"))
                .expect(201);
        String placeholderFriendship = api.get("/api/friends", asha.token())
                .expect(200)
                .json()
                .get(0)
                .get("id")
                .asString();
        api.delete("/api/friends/" + placeholderFriendship, asha.token()).expect(204);
        Api.TestUser ravi = api.register("Ravi Kumar");
        long ashaSeq = lastSeq(asha.token());

        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", invite.text("inviteCode")))
                .expect(200);

        JsonNode ashaFriends = api.get("/api/friends", asha.token()).expect(200).json();
        assertThat(ashaFriends.size()).isEqualTo(1);
        assertThat(ashaFriends.get(0).get("id").asString()).isNotEqualTo(placeholderFriendship);
        assertThat(ashaFriends.get(0).get("friendUserId").asString())
                .isEqualTo(ravi.id().toString());
        assertThat(ashaFriends.get(0).get("name").asString()).isEqualTo("Ravi");
        assertThat(ashaFriends.get(0).get("email").asString()).isEqualTo("r@example.com");
        assertThat(ashaFriends.get(0).get("registered").asBoolean()).isTrue();
        List<JsonNode> changes = changes(asha.token(), ashaSeq);
        assertThat(changes).extracting(c -> c.get("type").asString()).containsExactly("invite_updated", "friend_added");
        assertThat(changes.get(1).get("data")).isEqualTo(ashaFriends.get(0));
        assertThat(api.get("/api/friends", ravi.token()).expect(200).json().size())
                .isEqualTo(1);
    }

    @Test
    void otherPendingInvitesForTheSamePlaceholderAreRevokedByTheMerge() {
        Api.TestUser asha = api.register("Asha");
        Api.Response first = api.post("/api/invites", asha.token(), Map.of("friendName", "Ravi"))
                .expect(201);
        Api.Response second = api.post("/api/invites", asha.token(), Map.of("friendUserId", first.text("friendUserId")))
                .expect(201);
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser meera = api.register("Meera");

        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", first.text("inviteCode")))
                .expect(200);

        JsonNode invites = api.get("/api/invites", asha.token()).expect(200).json();
        Map<String, String> statuses = Map.of(
                invites.get(0).get("id").asString(),
                        invites.get(0).get("status").asString(),
                invites.get(1).get("id").asString(),
                        invites.get(1).get("status").asString());
        assertThat(statuses).containsEntry(first.text("id"), "accepted").containsEntry(second.text("id"), "revoked");
        api.post("/api/invites/accept", meera.token(), Map.of("inviteCode", second.text("inviteCode")))
                .expectProblem(404);
        assertThat(api.get("/api/friends", meera.token()).expect(200).json().size())
                .isZero();
    }

    @Test
    void unknownRevokedAndExpiredCodesAreAllTheSame404() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");

        Api.Response unknown = api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", "no-such-code"))
                .expectProblem(404);
        assertThat(unknown.text("error")).isEqualTo(INVALID);
        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", "x".repeat(300)))
                .expectProblem(404);
        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", "ab\u0000cd"))
                .expectProblem(404);
        Api.Response missing =
                api.post("/api/invites/accept", ravi.token(), Map.of()).expectProblem(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("inviteCode");

        Api.Response revoked = api.post("/api/invites", asha.token(), Map.of("friendName", "R1"))
                .expect(201);
        api.delete("/api/invites/" + revoked.id(), asha.token()).expect(204);
        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", revoked.text("inviteCode")))
                .expectProblem(404);

        Api.Response expired = api.post("/api/invites", asha.token(), Map.of("friendName", "R2"))
                .expect(201);
        jdbc.sql("UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", expired.id())
                .update();
        Api.Response late = api.post(
                        "/api/invites/accept", ravi.token(), Map.of("inviteCode", expired.text("inviteCode")))
                .expectProblem(404);
        assertThat(late.text("error")).isEqualTo(INVALID);

        JsonNode invites = api.get("/api/invites", asha.token()).expect(200).json();
        assertThat(invites)
                .extracting(i -> i.get("id").asString() + "=" + i.get("status").asString())
                .containsExactly(expired.id() + "=expired", revoked.id() + "=revoked");
        assertThat(api.get("/api/friends", ravi.token()).expect(200).json().size())
                .isZero();
        assertThat(changes(ravi.token(), 0)).isEmpty();
    }

    @Test
    void revokingIsForTheInviterAndOnlyBeforeAcceptance() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        Api.Response invite = api.post("/api/invites", asha.token(), Map.of("friendName", "Ravi"))
                .expect(201);
        long seq = lastSeq(asha.token());

        api.delete("/api/invites/" + invite.id(), other.token()).expectProblem(404);
        api.delete("/api/invites/" + invite.id(), asha.token()).expect(204);
        api.delete("/api/invites/" + invite.id(), asha.token()).expect(204);

        List<JsonNode> changes = changes(asha.token(), seq);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("type").asString()).isEqualTo("invite_updated");
        assertThat(changes.get(0).get("data").get("status").asString()).isEqualTo("revoked");
        assertThat(changes.get(0).get("data").get("version").asInt()).isEqualTo(2);

        Api.Response accepted = api.post("/api/invites", asha.token(), Map.of("friendName", "Meera"))
                .expect(201);
        Api.TestUser meera = api.register("Meera");
        api.post("/api/invites/accept", meera.token(), Map.of("inviteCode", accepted.text("inviteCode")))
                .expect(200);
        api.delete("/api/invites/" + accepted.id(), asha.token()).expectProblem(409);
        api.delete("/api/invites/" + UUID.randomUUID(), asha.token()).expectProblem(404);
    }

    @Test
    void twoUsersAcceptingOneCodeAtOnceExactlyOneWins() throws Exception {
        Api.TestUser asha = api.register("Asha");
        String code = api.post("/api/invites", asha.token(), Map.of("friendName", "Ravi"))
                .expect(201)
                .text("inviteCode");
        List<Api.TestUser> accepters = List.of(api.register("Ravi"), api.register("Meera"), api.register("Kiran"));

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(accepters.size());
        try {
            List<Future<Api.Response>> results = new ArrayList<>();
            for (Api.TestUser accepter : accepters) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new Api(port).post("/api/invites/accept", accepter.token(), Map.of("inviteCode", code));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            Api.TestUser winner = null;
            for (int i = 0; i < accepters.size(); i++) {
                Api.Response response = results.get(i).get(30, TimeUnit.SECONDS);
                statuses.add(response.status());
                if (response.status() == 200) {
                    winner = accepters.get(i);
                } else {
                    assertThat(response.text("error")).isEqualTo(INVALID);
                }
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 404, 404);

            JsonNode ashaFriends =
                    api.get("/api/friends", asha.token()).expect(200).json();
            assertThat(ashaFriends.size()).isEqualTo(1);
            assertThat(ashaFriends.get(0).get("friendUserId").asString())
                    .isEqualTo(winner.id().toString());
            for (Api.TestUser accepter : accepters) {
                int expected = accepter == winner ? 1 : 0;
                assertThat(api.get("/api/friends", accepter.token())
                                .expect(200)
                                .json()
                                .size())
                        .isEqualTo(expected);
                assertThat(changes(accepter.token(), 0)).hasSize(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInvitesForOnePlaceholderAcceptedAtOnceMergeItOnce() throws Exception {
        Api.TestUser asha = api.register("Asha");
        Api.Response first = api.post("/api/invites", asha.token(), Map.of("friendName", "Ravi"))
                .expect(201);
        Api.Response second = api.post("/api/invites", asha.token(), Map.of("friendUserId", first.text("friendUserId")))
                .expect(201);
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser meera = api.register("Meera");

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Api.Response> byRavi = pool.submit(() -> {
                start.await();
                return new Api(port)
                        .post("/api/invites/accept", ravi.token(), Map.of("inviteCode", first.text("inviteCode")));
            });
            Future<Api.Response> byMeera = pool.submit(() -> {
                start.await();
                return new Api(port)
                        .post("/api/invites/accept", meera.token(), Map.of("inviteCode", second.text("inviteCode")));
            });
            start.countDown();
            int raviStatus = byRavi.get(30, TimeUnit.SECONDS).status();
            int meeraStatus = byMeera.get(30, TimeUnit.SECONDS).status();
            assertThat(List.of(raviStatus, meeraStatus)).containsExactlyInAnyOrder(200, 404);

            Api.TestUser winner = raviStatus == 200 ? ravi : meera;
            Api.TestUser loser = raviStatus == 200 ? meera : ravi;
            JsonNode ashaFriends =
                    api.get("/api/friends", asha.token()).expect(200).json();
            assertThat(ashaFriends.size()).isEqualTo(1);
            assertThat(ashaFriends.get(0).get("friendUserId").asString())
                    .isEqualTo(winner.id().toString());
            assertThat(api.get("/api/friends", loser.token()).expect(200).json().size())
                    .isZero();
            assertThat(api.get("/api/invites", asha.token()).expect(200).json())
                    .extracting(i -> i.get("status").asString())
                    .containsExactlyInAnyOrder("accepted", "revoked");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acceptsAreRateLimitedPerUserCountingFailedGuesses() {
        Api.TestUser guesser = api.register("Guesser");
        for (int i = 0; i < 10; i++) {
            api.post("/api/invites/accept", guesser.token(), Map.of("inviteCode", "guess-" + i))
                    .expectProblem(404);
        }
        Api.Response limited = api.post("/api/invites/accept", guesser.token(), Map.of("inviteCode", "guess-10"))
                .expectProblem(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();

        Api.TestUser someoneElse = api.register("Someone");
        api.post("/api/invites/accept", someoneElse.token(), Map.of("inviteCode", "guess"))
                .expectProblem(404);
    }

    private long lastSeq(String token) {
        return api.get("/api/sync", token).expect(200).json().get("cursor").asLong();
    }

    private List<JsonNode> changes(String token, long since) {
        JsonNode body = api.get("/api/sync?since=" + since, token).expect(200).json();
        List<JsonNode> changes = new ArrayList<>();
        body.get("changes").forEach(changes::add);
        return changes;
    }
}
