package app.hisaab.webapp;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The web app in real browsers (headless Chromium) against the whole server: two people live, one
 * person on two devices going offline, and a stale offline edit. Skipped, saying why, where the machine
 * has no Chromium. {@code -Dhisaab.screenshots=docs/screenshots} saves the main screens.
 */
@IntegrationTest
class WebAppBrowserTests {

    @LocalServerPort
    int port;

    Api api;
    People people;

    private static final Optional<String> MISSING = Browser.unavailable();

    @BeforeAll
    static void sayWhyWhenSkipped() {
        // Printed as well: Surefire's summary counts skipped tests but does not say why.
        MISSING.ifPresent(reason -> System.out.println("[WARNING] Browser tests SKIPPED: " + reason));
    }

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(MISSING.isEmpty(), () -> "Browser tests skipped: " + MISSING.orElseThrow());
        api = new Api(port);
        people = new People(api);
    }

    private static String unique(String name) {
        return name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
    }

    private static void createAccount(Browser browser, String name, String email, String password) {
        browser.open("/");
        browser.click("Make an account");
        browser.type("Name", name);
        browser.type("Email", email);
        browser.type("Password", password);
        browser.click("Create account");
        browser.waitUntil(d -> "Balances".equals(browser.text("main h1")));
    }

    private static void signIn(Browser browser, String email, String password) {
        browser.open("/app/");
        browser.type("Email", email);
        browser.type("Password", password);
        browser.click("Sign in");
        browser.waitUntil(d -> "Balances".equals(browser.text("main h1")));
    }

    /** The text of the first row of the list that contains {@code containing}, once there is one. */
    private static String row(Browser browser, String listCss, String containing) {
        return browser.waitUntil(d -> d.findElements(By.cssSelector(listCss + " > li")).stream()
                .map(WebElement::getText)
                .filter(text -> text.contains(containing))
                .findFirst()
                .orElse(null));
    }

    private static long count(Browser browser, String listCss, String containing) {
        return browser.waitUntil(d -> d.findElements(By.cssSelector(listCss + " > li")).stream()
                .filter(li -> li.getText().contains(containing))
                .count());
    }

    @Test
    void twoPeopleInviteSplitAndSettleUpAndEachSeesTheOthersChangesLive() {
        String ashaEmail = unique("asha");
        String raviEmail = unique("ravi");
        try (Browser asha = new Browser(api.base());
                Browser ravi = new Browser(api.base())) {
            asha.open("/");
            asha.screenshot("01-sign-in");
            createAccount(asha, "Asha", ashaEmail, "asha-password-1");
            // A server error lands beside the field it names.
            ravi.open("/");
            ravi.click("Make an account");
            ravi.type("Name", "Ravi");
            ravi.type("Email", ashaEmail);
            ravi.type("Password", "ravi-password-1");
            ravi.click("Create account");
            WebElement email = ravi.field("Email");
            ravi.waitUntil(d -> "true".equals(email.getAttribute("aria-invalid")));
            assertThat(ravi.text("#" + email.getAttribute("aria-describedby")))
                    .isEqualTo("An account with this email already exists");
            createAccount(ravi, "Ravi", raviEmail, "ravi-password-1");

            // Asha invites Ravi (a placeholder friend until he accepts) and copies the link.
            asha.screen("Friends");
            asha.type("Name", "Ravi", "#add-friend");
            asha.click("Invite", "#add-friend");
            String link = asha.field("Invite link").getAttribute("value");
            assertThat(link).startsWith(api.base() + "/app/invite/");
            asha.screenshot("03-invite");
            asha.click("Close");
            row(asha, "#friends", "not on Hisaab yet");

            // Ravi opens the link signed in: the invite is accepted; Asha sees him join live.
            ravi.open(link.substring(api.base().length()));
            ravi.waitUntil(d -> ravi.text("#invite-result").contains("You and Asha are now friends."));
            row(asha, "#friends", "on Hisaab");
            asha.screenshot("04-friends");

            // Asha splits 100.00 by shares 1:2; the exact shares show as she types.
            ravi.open("/app/shared");
            asha.screen("Shared");
            asha.type("Title", "Dinner", "#add-shared");
            asha.type("Amount", "100", "#add-shared");
            asha.tick("Ravi", true, "#add-shared");
            asha.choose("Paid by", "You", "#add-shared");
            asha.choose("Split", "Shares", "#add-shared");
            asha.type("You (shares)", "1", "#add-shared");
            asha.type("Ravi (shares)", "2", "#add-shared");
            assertThat(asha.texts("#add-shared output.share-preview")).containsExactly("INR 33.33", "INR 66.67");
            assertThat(asha.text("#add-shared .split-verdict")).isEqualTo("Adds up to INR 100.00");
            asha.screenshot("05-shared-expense-form", "#add-shared");
            asha.click("Add expense", "#add-shared");

            // Ravi sees it appear without reloading, with the exact split.
            long shown = System.nanoTime();
            String dinner = row(ravi, "#shared-expenses", "Dinner");
            System.out.printf(
                    "[browser] Ravi saw Asha's expense %d ms after she saved it%n",
                    (System.nanoTime() - shown) / 1_000_000);
            assertThat(dinner).contains("INR 100.00", "paid by Asha", "Asha INR 33.33", "You INR 66.67");
            ravi.screenshot("06-shared-expenses");

            // Ravi settles up; Asha's balance goes to zero live.
            asha.screen("Balances");
            assertThat(row(asha, "#balances", "Ravi")).contains("owes you INR 66.67");
            asha.screenshot("02-balances");
            // What the app computed from its own copy is what the server says.
            JsonNode serverNets = api.get(
                            "/api/balances", login(ashaEmail, "asha-password-1").token())
                    .expect(200)
                    .json()
                    .get("byFriend");
            assertThat(serverNets).hasSize(1);
            assertThat(serverNets.get(0).get("net").asString()).isEqualTo("66.67");
            ravi.screen("Balances");
            assertThat(row(ravi, "#balances", "Asha")).contains("you owe INR 66.67");
            ravi.click("Settle up", "#balances");
            assertThat(ravi.field("Amount").getAttribute("value")).isEqualTo("66.67");
            ravi.screenshot("07-settle-up");
            ravi.click("Save");
            asha.waitUntil(d -> asha.text("#totals").equals("All settled up."));
            assertThat(count(asha, "#balances", "Ravi")).isZero();
            row(asha, "#settlements", "Ravi paid you INR 66.67");

            // Personal spending and the month's summary by category.
            asha.screen("Personal");
            asha.type("Title", "Groceries", "#add-personal");
            asha.type("Amount", "1250.5", "#add-personal");
            asha.type("Category", "Food", "#add-personal");
            asha.click("Add expense", "#add-personal");
            asha.waitUntil(d -> asha.text("#summary").contains("INR 1,250.50 in 1 expense"));
            asha.waitUntil(d -> asha.waitingChanges() == 0);
            assertThat(asha.text("#by-category")).contains("Food INR 1,250.50 1");
            asha.screenshot("08-personal");
        }

        Api.TestUser signedIn = login(ashaEmail, "asha-password-1");
        JsonNode balances =
                api.get("/api/balances", signedIn.token()).expect(200).json();
        assertThat(balances.get("byFriend")).isEmpty();
    }

    /** The text of the group's row in the groups screen, once it shows {@code showing}. */
    private static String groupRow(Browser browser, String group, String showing) {
        return browser.waitUntil(d -> d.findElements(By.cssSelector("#groups > li")).stream()
                .map(WebElement::getText)
                .filter(text -> text.contains(group) && text.contains(showing))
                .findFirst()
                .orElse(null));
    }

    /** Asha invites Ravi, makes a group with him, and a group expense; both see the plan live and settle it. */
    @Test
    void aGroupsNetsAndPlanShowLiveOnBothScreensAndSettlingUpEmptiesThePlan() {
        String ashaEmail = unique("asha");
        String raviEmail = unique("ravi");
        try (Browser asha = new Browser(api.base());
                Browser ravi = new Browser(api.base())) {
            createAccount(asha, "Asha", ashaEmail, "asha-password-1");
            createAccount(ravi, "Ravi", raviEmail, "ravi-password-1");
            asha.screen("Friends");
            asha.type("Name", "Ravi", "#add-friend");
            asha.click("Invite", "#add-friend");
            String link = asha.field("Invite link").getAttribute("value");
            asha.click("Close");
            ravi.open(link.substring(api.base().length()));
            ravi.waitUntil(d -> ravi.text("#invite-result").contains("You and Asha are now friends."));
            row(asha, "#friends", "on Hisaab");

            // Asha makes the group; it appears on Ravi's screen without a reload.
            asha.screen("Groups");
            asha.type("Name", "Goa trip", "#add-group");
            asha.choose("Currency", "EUR", "#add-group");
            asha.tick("Ravi", true, "#add-group");
            asha.click("Create group", "#add-group");
            assertThat(row(asha, "#groups", "Goa trip")).contains("You, Ravi");
            ravi.screen("Groups");
            assertThat(groupRow(ravi, "Goa trip", "Everyone is settled up.")).contains("Asha, You");

            // A group expense of 301.00 paid by Asha, split equally between the two, in the group's currency.
            asha.screen("Shared");
            asha.type("Title", "Villa", "#add-shared");
            asha.type("Amount", "301", "#add-shared");
            asha.choose("Group", "Goa trip", "#add-shared");
            assertThat(asha.field("Currency", "#add-shared").getAttribute("value"))
                    .isEqualTo("EUR");
            asha.tick("Ravi", true, "#add-shared");
            asha.choose("Paid by", "You", "#add-shared");
            asha.click("Add expense", "#add-shared");
            row(asha, "#shared-expenses", "Villa");

            // Both screens show the nets and the plan, live.
            String onRavis = groupRow(ravi, "Goa trip", "You pay Asha EUR 150.50");
            assertThat(onRavis).contains("Asha is owed EUR 150.50", "You owe EUR 150.50", "To settle up");
            asha.screen("Groups");
            String onAshas = groupRow(asha, "Goa trip", "Ravi pays you EUR 150.50");
            assertThat(onAshas).contains("You are owed EUR 150.50", "Ravi owes EUR 150.50");

            // What the screens show is what the server plans.
            Api.TestUser ashaUser = login(ashaEmail, "asha-password-1");
            Api.TestUser raviUser = login(raviEmail, "ravi-password-1");
            JsonNode groups =
                    api.get("/api/groups", ashaUser.token()).expect(200).json();
            assertThat(groups).hasSize(1);
            String groupId = groups.get(0).get("id").asString();
            JsonNode plan = api.get("/api/groups/" + groupId + "/balances", raviUser.token())
                    .expect(200)
                    .json();
            assertThat(plan.get("transfers")).hasSize(1);
            JsonNode transfer = plan.get("transfers").get(0);
            assertThat(transfer.get("fromUserId").asString())
                    .isEqualTo(raviUser.id().toString());
            assertThat(transfer.get("toUserId").asString())
                    .isEqualTo(ashaUser.id().toString());
            assertThat(transfer.get("amount").asString()).isEqualTo("150.50");
            assertThat(transfer.get("currency").asString()).isEqualTo("EUR");
            Map<String, String> nets = new LinkedHashMap<>();
            plan.get("nets")
                    .forEach(n ->
                            nets.put(n.get("userId").asString(), n.get("net").asString()));
            assertThat(nets)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            ashaUser.id().toString(), "150.50", raviUser.id().toString(), "-150.50"));
            ravi.screenshot("11-group", "#groups");

            // Every tab fits the phone-sized screen: the bar does not scroll sideways and Groups is in view.
            for (Browser device : List.of(asha, ravi)) {
                assertThat(device.script("const nav = document.getElementById('nav');"
                                + " const last = [...nav.querySelectorAll('a')].pop().getBoundingClientRect();"
                                + " return nav.scrollWidth <= nav.clientWidth && last.right <= window.innerWidth"
                                + " && last.left >= 0;"))
                        .isEqualTo(true);
            }

            // Asha renames the group and turns simplifying off; Ravi sees the new name live.
            asha.click("Edit", "#groups");
            asha.type("Name", "Goa trip 2026");
            asha.tick("Simplify debts", false, null);
            asha.click("Save");
            groupRow(asha, "Goa trip 2026", "Ravi pays you EUR 150.50");
            groupRow(ravi, "Goa trip 2026", "You pay Asha EUR 150.50");
            JsonNode renamed = api.get("/api/groups/" + groupId, ashaUser.token())
                    .expect(200)
                    .json();
            assertThat(renamed.get("name").asString()).isEqualTo("Goa trip 2026");
            assertThat(renamed.get("simplifyDebts").asBoolean()).isFalse();
            assertThat(renamed.get("currency").asString()).isEqualTo("EUR");

            // Deleting while a net is open is refused, and the reason shows beside the group.
            ravi.click("Delete", "#groups");
            ravi.click("Delete group");
            assertThat(groupRow(ravi, "Goa trip 2026", "Settle up in this group first"))
                    .contains("not every group balance is zero");
            api.get("/api/groups/" + groupId, raviUser.token()).expect(200);

            // Ravi records the plan's payment in the group; the plan empties on both screens.
            ravi.click("Record payment", "#groups");
            assertThat(ravi.field("Amount").getAttribute("value")).isEqualTo("150.50");
            ravi.click("Save");
            for (Browser device : List.of(ravi, asha)) {
                assertThat(groupRow(device, "Goa trip 2026", "Everyone is settled up."))
                        .doesNotContain("To settle up")
                        .doesNotContain("Settle up in this group first");
            }
            JsonNode after = api.get("/api/groups/" + groupId + "/balances", ashaUser.token())
                    .expect(200)
                    .json();
            assertThat(after.get("transfers")).isEmpty();
            assertThat(after.get("nets")).isEmpty();
            JsonNode settlements = api.get("/api/settlements?groupId=" + groupId, ashaUser.token())
                    .expect(200)
                    .json();
            assertThat(settlements).hasSize(1);
            assertThat(settlements.get(0).get("amount").asString()).isEqualTo("150.50");

            // Settled up, Ravi deletes the group: it goes from both screens and from the server.
            ravi.click("Delete", "#groups");
            ravi.click("Delete group");
            for (Browser device : List.of(ravi, asha)) {
                device.waitUntil(d -> d.findElements(By.cssSelector("#groups > li")).stream()
                        .map(WebElement::getText)
                        .noneMatch(text -> text.contains("Goa trip")));
            }
            api.get("/api/groups/" + groupId, ashaUser.token()).expect(404);
        }
    }

    private Api.TestUser login(String email, String password) {
        Api.Response r = api.post("/api/auth/login", null, body("email", email, "password", password))
                .expect(200);
        return new Api.TestUser(
                UUID.fromString(r.json().get("user").get("id").asString()),
                r.json().get("user").get("name").asString(),
                email,
                password,
                r.text("token"),
                r.text("refreshToken"));
    }

    /** Ravi with a friend Asha and one shared dinner of 90.00 paid by Asha, split equally. */
    private record Setup(Api.TestUser ravi, Api.TestUser asha, UUID dinner) {}

    private Setup ravisDinner() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        UUID dinner = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title",
                                "Dinner",
                                "totalAmount",
                                "90",
                                "currency",
                                "INR",
                                "paidBy",
                                asha.id(),
                                "participants",
                                List.of(asha.id().toString(), ravi.id().toString()),
                                "date",
                                LocalDate.now(ZoneOffset.UTC).toString()))
                .expect(201)
                .id();
        return new Setup(ravi, asha, dinner);
    }

    @Test
    void aGroupChangedOfflineIsSentOnceBackAndDeletingWaitsForAConnection() throws Exception {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        JsonNode made = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "name",
                                "Flat",
                                "currency",
                                "INR",
                                "members",
                                List.of(ravi.id().toString())))
                .expect(201)
                .json();
        String groupId = made.get("id").asString();
        try (CuttableProxy phoneNetwork = new CuttableProxy(port);
                Browser phone = new Browser(phoneNetwork.base());
                Browser laptop = new Browser(api.base())) {
            signIn(phone, ravi.email(), ravi.password());
            signIn(laptop, asha.email(), asha.password());
            phone.screen("Groups");
            groupRow(phone, "Flat", "Everyone is settled up.");
            laptop.screen("Groups");
            groupRow(laptop, "Flat", "Everyone is settled up.");
            phone.waitForOfflineShell();

            phoneNetwork.cut();
            phone.waitUntil(d -> "offline".equals(phone.syncState()));

            // Offline, the rename is kept on the phone; deleting says it needs a connection.
            phone.click("Edit", "#groups");
            phone.type("Name", "Flat 4B");
            phone.click("Save");
            assertThat(groupRow(phone, "Flat 4B", "waiting to sync")).isNotNull();
            phone.waitUntil(d -> phone.waitingChanges() == 1);
            phone.click("Delete", "#groups");
            phone.click("Delete group");
            groupRow(phone, "Flat 4B", "needs a connection");
            assertThat(api.get("/api/groups/" + groupId, asha.token())
                            .expect(200)
                            .json()
                            .get("name")
                            .asString())
                    .isEqualTo("Flat");

            phoneNetwork.restore();
            phone.waitUntil(d -> "online".equals(phone.syncState()) && phone.waitingChanges() == 0);
            groupRow(laptop, "Flat 4B", "Everyone is settled up.");
            JsonNode group =
                    api.get("/api/groups/" + groupId, asha.token()).expect(200).json();
            assertThat(group.get("name").asString()).isEqualTo("Flat 4B");
            assertThat(group.get("version").asLong())
                    .isEqualTo(made.get("version").asLong() + 1);
        }
    }

    @Test
    void changesMadeOfflineSurviveAReloadAndReachTheOtherDeviceExactlyOnce() throws Exception {
        Setup setup = ravisDinner();
        try (CuttableProxy phoneNetwork = new CuttableProxy(port);
                Browser phone = new Browser(phoneNetwork.base());
                Browser laptop = new Browser(api.base())) {
            signIn(phone, setup.ravi().email(), setup.ravi().password());
            signIn(laptop, setup.ravi().email(), setup.ravi().password());
            phone.screen("Shared");
            row(phone, "#shared-expenses", "Dinner");
            phone.waitForOfflineShell();

            phoneNetwork.cut();
            phone.waitUntil(d -> "offline".equals(phone.syncState()));

            phone.screen("Udhari");
            phone.choose("Friend", "Asha", "#add-udhari");
            phone.type("Amount", "250", "#add-udhari");
            phone.type("Description", "Taxi", "#add-udhari");
            phone.click("Add udhari", "#add-udhari");
            assertThat(row(phone, "#udhari-pending", "Taxi")).contains("You lent Asha INR 250.00", "waiting to sync");

            phone.screen("Shared");
            row(phone, "#shared-expenses", "Dinner");
            phone.click("Edit", "#shared-expenses");
            phone.type("Title", "Dinner at Leela");
            phone.click("Save");
            row(phone, "#shared-expenses", "Dinner at Leela");
            phone.screenshot("09-offline");

            // Still offline, the app opens again from the device with both changes waiting.
            phone.reload();
            phone.waitUntil(d -> phone.waitingChanges() == 2);
            assertThat(phone.syncState()).isEqualTo("offline");
            assertThat(row(phone, "#shared-expenses", "Dinner at Leela")).contains("waiting to sync");
            phone.screen("Udhari");
            row(phone, "#udhari-pending", "Taxi");

            laptop.screen("Udhari");
            assertThat(count(laptop, "#udhari-pending", "Taxi")).isZero();

            phoneNetwork.restore();
            phone.waitUntil(d -> "online".equals(phone.syncState()) && phone.waitingChanges() == 0);

            row(laptop, "#udhari-pending", "Taxi");
            assertThat(count(laptop, "#udhari-pending", "Taxi")).isEqualTo(1);
            laptop.screen("Shared");
            row(laptop, "#shared-expenses", "Dinner at Leela");
            assertThat(count(laptop, "#shared-expenses", "Dinner")).isEqualTo(1);
        }

        JsonNode udhari =
                api.get("/api/udhari", setup.ravi().token()).expect(200).json();
        assertThat(udhari).hasSize(1);
        assertThat(udhari.get(0).get("description").asString()).isEqualTo("Taxi");
        assertThat(udhari.get(0).get("amount").asString()).isEqualTo("250.00");
        JsonNode dinner = api.get(
                        "/api/group-expenses/" + setup.dinner(), setup.ravi().token())
                .expect(200)
                .json();
        assertThat(dinner.get("title").asString()).isEqualTo("Dinner at Leela");
        assertThat(dinner.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void twoOfflineEditsOfOneExpenseEndInAConflictTheUserResolvesWithNothingLost() throws Exception {
        Setup setup = ravisDinner();
        try (CuttableProxy phoneNetwork = new CuttableProxy(port);
                CuttableProxy laptopNetwork = new CuttableProxy(port);
                Browser phone = new Browser(phoneNetwork.base());
                Browser laptop = new Browser(laptopNetwork.base())) {
            for (Browser device : List.of(phone, laptop)) {
                signIn(device, setup.ravi().email(), setup.ravi().password());
                device.screen("Shared");
                row(device, "#shared-expenses", "Dinner");
            }
            phoneNetwork.cut();
            laptopNetwork.cut();
            phone.waitUntil(d -> "offline".equals(phone.syncState()));
            laptop.waitUntil(d -> "offline".equals(laptop.syncState()));

            phone.click("Edit", "#shared-expenses");
            phone.type("Title", "Dinner (phone)");
            phone.click("Save");
            laptop.click("Edit", "#shared-expenses");
            laptop.type("Title", "Dinner (laptop)");
            laptop.type("Amount", "120");
            laptop.click("Save");

            // The phone's edit reaches the server first; the laptop's was made on the old version.
            phoneNetwork.restore();
            phone.waitUntil(d -> "online".equals(phone.syncState()) && phone.waitingChanges() == 0);
            laptopNetwork.restore();
            String conflict = laptop.waitUntil(d -> d.findElements(By.cssSelector(".notice.conflict")).stream()
                    .map(WebElement::getText)
                    .findFirst()
                    .orElse(null));
            assertThat(conflict)
                    .contains("was changed on another device")
                    .contains("Dinner (laptop)")
                    .contains("Dinner (phone)")
                    .contains("INR 120.00")
                    .contains("INR 90.00");
            laptop.screenshot("10-conflict");
            // Until the user decides, the list shows what the server has now.
            row(laptop, "#shared-expenses", "Dinner (phone)");

            laptop.click("Edit again", ".notice.conflict");
            assertThat(laptop.field("Title").getAttribute("value")).isEqualTo("Dinner (laptop)");
            assertThat(laptop.field("Amount").getAttribute("value")).isEqualTo("120.00");
            laptop.click("Save");
            laptop.waitUntil(
                    d -> d.findElements(By.cssSelector(".notice.conflict")).isEmpty());
            row(phone, "#shared-expenses", "Dinner (laptop)");
        }

        JsonNode dinner = api.get(
                        "/api/group-expenses/" + setup.dinner(), setup.ravi().token())
                .expect(200)
                .json();
        assertThat(dinner.get("title").asString()).isEqualTo("Dinner (laptop)");
        assertThat(dinner.get("totalAmount").asString()).isEqualTo("120.00");
        assertThat(dinner.get("version").asInt()).isEqualTo(3);
    }

    private static Object storedSession(Browser browser, String field) {
        return browser.asyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " const open = indexedDB.open('hisaab');"
                        + " open.onsuccess = () => {"
                        + "   const get = open.result.transaction('meta').objectStore('meta').get('session');"
                        + "   get.onsuccess = () => done(get.result ? String(get.result[arguments[0]]) : null);"
                        + " };",
                field);
    }

    @Test
    void theAccessTokenIsRenewedBeforeItExpiresAndTheSessionOutlivesAReload() {
        Setup setup = ravisDinner();
        try (Browser laptop = new Browser(api.base())) {
            signIn(laptop, setup.ravi().email(), setup.ravi().password());
            String firstRefresh = (String) storedSession(laptop, "refreshToken");
            assertThat(firstRefresh).isNotBlank();

            // Make the stored token look about to expire, and tell the page (as another tab would).
            laptop.asyncScript("const done = arguments[arguments.length - 1];"
                    + " const open = indexedDB.open('hisaab');"
                    + " open.onsuccess = () => {"
                    + "   const store = open.result.transaction('meta', 'readwrite').objectStore('meta');"
                    + "   const get = store.get('session');"
                    + "   get.onsuccess = () => {"
                    + "     const session = get.result; session.expiresAt = Date.now() + 65000;"
                    + "     store.put(session, 'session').onsuccess = () => {"
                    + "       new BroadcastChannel('hisaab-session').postMessage('session'); done(true); };"
                    + "   };"
                    + " };");
            laptop.waitUntil(d -> !firstRefresh.equals(storedSession(laptop, "refreshToken")));
            long expiresAt = Long.parseLong((String) storedSession(laptop, "expiresAt"));
            assertThat(expiresAt).isGreaterThan(System.currentTimeMillis() + 10 * 60 * 1000);

            // Still live with the new token, and still signed in after a reload.
            laptop.screen("Udhari");
            api.post(
                            "/api/udhari",
                            setup.asha().token(),
                            body(
                                    "friendId",
                                    setup.ravi().id(),
                                    "amount",
                                    "40",
                                    "type",
                                    0,
                                    "description",
                                    "Chai",
                                    "date",
                                    LocalDate.now(ZoneOffset.UTC).toString()))
                    .expect(201);
            assertThat(row(laptop, "#udhari-pending", "Chai")).contains("Asha lent you INR 40.00");
            laptop.reload();
            assertThat(laptop.text("main h1")).isEqualTo("Udhari");
            row(laptop, "#udhari-pending", "Chai");
            assertThat(laptop.text("#who")).contains("Ravi");
        }
    }

    /** A decimal text of {@code scaled} with {@code places} decimals (1234, 2 is "12.34"). */
    private static String decimal(long scaled, int places) {
        return places == 0
                ? Long.toString(scaled)
                : BigDecimal.valueOf(scaled, places).toPlainString();
    }

    /** The preview's rounding (money.js) against the server's, for equal, percent and shares in three currencies. */
    @Test
    void theSharesTheAppShowsAreTheSharesTheServerStores() {
        Api.TestUser owner = api.register("Splitter");
        List<String> everyone = new ArrayList<>(List.of(owner.id().toString()));
        for (String name : List.of("P1", "P2", "P3")) {
            everyone.add(people.placeholder(owner, name).toString());
        }
        Random random = new Random(11);
        List<Map<String, Object>> cases = new ArrayList<>();
        List<List<String>> stored = new ArrayList<>();
        String[] currencies = {"INR", "JPY", "KWD"};
        String[] modes = {"equal", "percent", "shares"};
        for (int i = 0; i < 24; i++) {
            String currency = currencies[i % 3];
            int places = currency.equals("INR") ? 2 : currency.equals("JPY") ? 0 : 3;
            String mode = modes[(i / 3) % 3];
            int n = 2 + random.nextInt(3);
            List<String> participants = everyone.subList(0, n);
            long total = 1 + random.nextInt(i % 2 == 0 ? 100 : 10_000_000);
            List<String> values = new ArrayList<>();
            if (mode.equals("percent")) {
                long left = 10_000;
                for (int k = 0; k < n - 1; k++) {
                    long value = random.nextInt((int) left + 1);
                    values.add(decimal(value, 2));
                    left -= value;
                }
                values.add(decimal(left, 2));
            } else if (mode.equals("shares")) {
                for (int k = 0; k < n; k++) {
                    values.add(decimal(k == 0 ? 1 + random.nextInt(5000) : random.nextInt(5000), 3));
                }
            }
            Map<String, Object> request = new LinkedHashMap<>(body(
                    "title",
                    "Case " + i,
                    "totalAmount",
                    decimal(total, places),
                    "currency",
                    currency,
                    "paidBy",
                    owner.id(),
                    "participants",
                    participants,
                    "splitMode",
                    mode,
                    "date",
                    "2026-11-24"));
            if (!values.isEmpty()) {
                Map<String, String> splits = new LinkedHashMap<>();
                for (int k = 0; k < n; k++) {
                    splits.put(participants.get(k), values.get(k));
                }
                request.put("splits", splits);
            }
            JsonNode saved = api.post("/api/group-expenses", owner.token(), request)
                    .expect(201)
                    .json();
            stored.add(participants.stream()
                    .map(p -> saved.get("splits").get(p).asString())
                    .toList());
            cases.add(Map.of(
                    "total",
                    Long.toString(total),
                    "currency",
                    currency,
                    "mode",
                    mode,
                    "values",
                    values.isEmpty() ? Collections.nCopies(n, "") : values));
        }

        try (Browser browser = new Browser(api.base())) {
            browser.open("/app/");
            Object shown = browser.asyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + " import('/app/js/money.js').then((m) => done(arguments[0].map((c) =>"
                            + "   m.split(BigInt(c.total), c.currency, c.mode, c.values).shares.map((s) => m.plain(s, c.currency)))));",
                    cases);
            assertThat(shown).isEqualTo(stored);
        }
    }
}
