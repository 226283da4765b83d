package app.hisaab.group;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Expenses of a group: members record, read and change them whether or not they are friends or take part. */
@IntegrationTest
class GroupExpenseInGroupIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    People people;

    Api.TestUser asha;
    Api.TestUser ravi;
    Api.TestUser kabir;
    Api.TestUser stranger;
    UUID groupId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
        // Asha is friends with Ravi and Kabir, who are not friends of each other.
        asha = api.register("Asha");
        ravi = api.register("Ravi");
        kabir = api.register("Kabir");
        stranger = api.register("Stranger");
        people.link(asha, ravi);
        people.link(asha, kabir);
        groupId = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "name", "Goa",
                                "currency", "USD",
                                "members",
                                        List.of(ravi.id().toString(), kabir.id().toString())))
                .expect(201)
                .id();
    }

    @Test
    void membersWhoAreNotFriendsShareAnExpenseInTheGroupInItsCurrency() {
        Map<String, Object> dinner = expense(ravi, ravi, kabir);
        // Between friends the old rule stands: Kabir is not Ravi's friend.
        dinner.remove("groupId");
        assertThat(People.fields(
                        api.post("/api/group-expenses", ravi.token(), dinner).expectProblem(400)))
                .containsExactly("participants[1]");

        dinner.put("groupId", groupId.toString());
        JsonNode created = api.post("/api/group-expenses", ravi.token(), dinner)
                .expect(201)
                .json();
        assertThat(created.get("groupId").asString()).isEqualTo(groupId.toString());
        assertThat(created.get("currency").asString()).isEqualTo("USD");
        assertThat(created.get("totalAmount").asString()).isEqualTo("30.00");
        assertThat(created.get("splits").get(kabir.id().toString()).asString()).isEqualTo("15.00");

        // Every member reads it, Asha too though she takes part in nothing; outsiders do not.
        String path = "/api/group-expenses/" + created.get("id").asString();
        for (Api.TestUser member : List.of(asha, ravi, kabir)) {
            assertThat(api.get(path, member.token()).expect(200).json()).isEqualTo(created);
            assertThat(people.typesOf(member, UUID.fromString(created.get("id").asString())))
                    .containsExactly("group_expense_added");
        }
        api.get(path, stranger.token()).expectProblem(404);
        assertThat(people.changes(stranger, 0)).isEmpty();

        // The same create again is a replay; in another group or none, it is another expense.
        assertThat(api.post("/api/group-expenses", ravi.token(), withId(dinner, created))
                        .expect(200)
                        .json())
                .isEqualTo(created);
        Map<String, Object> noGroup = withId(dinner, created);
        noGroup.remove("groupId");
        noGroup.put("participants", List.of(ravi.id().toString()));
        noGroup.put("splits", null);
        api.post("/api/group-expenses", ravi.token(), noGroup).expectProblem(409);
    }

    @Test
    void theMemberRecordingNeedNotTakePartAndParticipantsMustBeMembers() {
        Api.TestUser dev = api.register("Dev");
        people.link(asha, dev);
        Map<String, Object> taxi = expense(kabir, ravi, kabir);
        JsonNode created =
                api.post("/api/group-expenses", asha.token(), taxi).expect(201).json();
        assertThat(created.get("createdBy").asString()).isEqualTo(asha.id().toString());
        assertThat(created.get("participants").size()).isEqualTo(2);

        // Dev is Asha's friend but no member; a stranger is neither.
        Map<String, Object> withDev = expense(ravi, ravi, dev);
        assertThat(People.fields(
                        api.post("/api/group-expenses", asha.token(), withDev).expectProblem(400)))
                .containsExactly("participants[1]");
        for (String other : List.of("not-an-id", UUID.randomUUID().toString())) {
            Map<String, Object> elsewhere = expense(ravi, ravi, kabir);
            elsewhere.put("groupId", other);
            assertThat(People.fields(api.post("/api/group-expenses", asha.token(), elsewhere)
                            .expectProblem(400)))
                    .containsExactly("groupId");
        }
        // A group you are not a member of: 400 naming groupId, whoever the participants are.
        Map<String, Object> strangers = expense(stranger, stranger);
        assertThat(People.fields(api.post("/api/group-expenses", stranger.token(), strangers)
                        .expectProblem(400)))
                .containsExactly("groupId");
        Map<String, Object> none = expense(ravi);
        none.put("participants", List.of());
        assertThat(People.fields(
                        api.post("/api/group-expenses", asha.token(), none).expectProblem(400)))
                .contains("participants");
    }

    @Test
    void anyMemberChangesOrDeletesTheGroupsExpensesAndEveryMemberIsTold() {
        JsonNode created = api.post("/api/group-expenses", ravi.token(), expense(ravi, ravi, kabir))
                .expect(201)
                .json();
        String id = created.get("id").asString();
        String path = "/api/group-expenses/" + id;

        // Asha (no participant) renames it; Ravi drops Kabir, who still sees it as a member.
        JsonNode renamed = api.patch(path, asha.token(), body("title", "Beach dinner", "version", 1))
                .expect(200)
                .json();
        assertThat(renamed.get("updatedBy").asString()).isEqualTo(asha.id().toString());
        JsonNode changed = api.patch(
                        path,
                        ravi.token(),
                        body(
                                "participants",
                                List.of(ravi.id().toString(), asha.id().toString())))
                .expect(200)
                .json();
        assertThat(changed.get("splits").get(asha.id().toString()).asString()).isEqualTo("15.00");
        assertThat(People.fields(api.patch(path, ravi.token(), body("groupId", UUID.randomUUID()))
                        .expectProblem(400)))
                .containsExactly("groupId");
        // Stays in its group whatever a PUT says (or does not say) about it.
        JsonNode put = api.put(path, kabir.token(), expense(kabir, ravi, kabir))
                .expect(200)
                .json();
        assertThat(put.get("groupId").asString()).isEqualTo(groupId.toString());
        api.patch(path, stranger.token(), body("title", "x")).expectProblem(404);

        api.delete(path, kabir.token()).expect(204);
        api.get(path, asha.token()).expectProblem(404);
        for (Api.TestUser member : List.of(asha, ravi, kabir)) {
            assertThat(people.typesOf(member, UUID.fromString(id)))
                    .containsExactly(
                            "group_expense_added",
                            "group_expense_updated",
                            "group_expense_updated",
                            "group_expense_updated",
                            "group_expense_deleted");
        }
    }

    @Test
    void theListHasYourGroupsExpensesAndGroupIdFiltersToOneGroup() {
        JsonNode inGroup = api.post("/api/group-expenses", ravi.token(), expense(ravi, ravi, kabir))
                .expect(201)
                .json();
        Map<String, Object> between = expense(asha, asha, ravi);
        between.remove("groupId");
        JsonNode betweenFriends = api.post("/api/group-expenses", asha.token(), between)
                .expect(201)
                .json();
        UUID other = api.post("/api/groups", asha.token(), body("name", "Other"))
                .expect(201)
                .id();

        assertThat(ids(api.get("/api/group-expenses", asha.token()).expect(200).json()))
                .containsExactlyInAnyOrder(
                        inGroup.get("id").asString(), betweenFriends.get("id").asString());
        assertThat(ids(api.get("/api/group-expenses?groupId=" + groupId, asha.token())
                        .expect(200)
                        .json()))
                .containsExactly(inGroup.get("id").asString());
        assertThat(ids(api.get("/api/group-expenses?groupId=" + other, asha.token())
                        .expect(200)
                        .json()))
                .isEmpty();
        assertThat(ids(api.get("/api/group-expenses", kabir.token()).expect(200).json()))
                .containsExactly(inGroup.get("id").asString());
        api.get("/api/group-expenses?groupId=" + groupId, stranger.token()).expectProblem(404);
        api.get("/api/group-expenses?groupId=" + other, kabir.token()).expectProblem(404);
        api.get("/api/group-expenses?groupId=nope", kabir.token()).expectProblem(404);
    }

    @Test
    void aMemberWhoJoinsReceivesTheGroupsExpensesAndOneWhoLeavesLosesThem() {
        Api.TestUser dev = api.register("Dev");
        people.link(asha, dev);
        String first = api.post("/api/group-expenses", ravi.token(), expense(ravi, ravi, kabir))
                .expect(201)
                .text("id");
        String second = api.post("/api/group-expenses", kabir.token(), expense(kabir, kabir, asha))
                .expect(201)
                .text("id");
        long since = people.changes(dev, 0).size();

        api.post("/api/groups/" + groupId + "/members", asha.token(), body("userId", dev.id()))
                .expect(200);
        List<JsonNode> joined = people.changes(dev, since);
        assertThat(joined)
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_added", "group_expense_added", "group_expense_added");
        assertThat(joined.subList(1, 3))
                .extracting(c -> c.get("id").asString())
                .containsExactlyInAnyOrder(first, second);
        assertThat(joined.get(1).get("data"))
                .isEqualTo(
                        api.get("/api/group-expenses/" + joined.get(1).get("id").asString(), dev.token())
                                .expect(200)
                                .json());
        assertThat(ids(api.get("/api/group-expenses", dev.token()).expect(200).json()))
                .containsExactlyInAnyOrder(first, second);

        api.delete("/api/groups/" + groupId + "/members/" + dev.id(), dev.token())
                .expect(204);
        assertThat(people.changes(dev, since + 3))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_deleted", "group_expense_deleted", "group_expense_deleted");
        api.get("/api/group-expenses/" + first, dev.token()).expectProblem(404);
        assertThat(api.get("/api/group-expenses", dev.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();
    }

    /** A 30.00 expense in the group paid by {@code payer}, split equally among {@code participants}. */
    private Map<String, Object> expense(Api.TestUser payer, Api.TestUser... participants) {
        List<String> ids = new ArrayList<>();
        for (Api.TestUser p : participants) {
            ids.add(p.id().toString());
        }
        return body(
                "groupId",
                groupId,
                "title",
                "Dinner",
                "totalAmount",
                "30",
                "paidBy",
                payer.id(),
                "participants",
                ids,
                "date",
                "2026-11-24");
    }

    private static Map<String, Object> withId(Map<String, Object> request, JsonNode created) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(request);
        copy.put("id", created.get("id").asString());
        return copy;
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.get("id").asString()));
        return ids;
    }
}
