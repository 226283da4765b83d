package app.hisaab.balance;

import app.hisaab.friend.FriendService;
import app.hisaab.group.GroupExpenseService;
import app.hisaab.group.GroupService;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
import app.hisaab.money.Money;
import app.hisaab.udhari.UdhariService;
import app.hisaab.user.Person;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who owes whom. Each source (group expenses, udhari, settlements) gives its nets per other person and
 * currency from one GROUP BY query over its own tables; this adds them up. The three queries share one
 * snapshot, so a balance never mixes a write's before and after.
 */
@Service
class BalanceService {

    private final GroupExpenseService groupExpenses;
    private final UdhariService udhari;
    private final SettlementRepository settlements;
    private final FriendService friends;
    private final GroupService groups;
    private final UserService users;

    BalanceService(
            GroupExpenseService groupExpenses,
            UdhariService udhari,
            SettlementRepository settlements,
            FriendService friends,
            GroupService groups,
            UserService users) {
        this.groupExpenses = groupExpenses;
        this.udhari = udhari;
        this.settlements = settlements;
        this.friends = friends;
        this.groups = groups;
        this.users = users;
    }

    private record Key(UUID other, String currency) {}

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Balances balances(UUID me) {
        Map<Key, Long> nets = nets(me, null);
        Map<UUID, String> names = new HashMap<>(friends.friendNames(me));
        if (!names.keySet().containsAll(nets.keySet().stream().map(Key::other).toList())) {
            // A fellow group member who is not your friend appears with the name the group shows.
            groups.fellowMemberNames(me).forEach(names::putIfAbsent);
        }
        List<Balances.FriendNet> byFriend = new ArrayList<>();
        Map<String, long[]> totals = new TreeMap<>();
        nets.forEach((key, net) -> {
            String name = names.get(key.other());
            if (name == null) {
                // Someone who removed the friendship on their side still has money open with you.
                name = users.person(key.other()).map(Person::name).orElse("");
            }
            byFriend.add(new Balances.FriendNet(key.other(), name, key.currency(), Money.format(net, key.currency())));
            long[] total = totals.computeIfAbsent(key.currency(), c -> new long[2]);
            if (net > 0) {
                total[0] = Math.addExact(total[0], net);
            } else {
                total[1] = Math.addExact(total[1], -net);
            }
        });
        byFriend.sort(Comparator.comparing(Balances.FriendNet::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(n -> n.friendUserId().toString())
                .thenComparing(Balances.FriendNet::currency));
        List<Balances.Total> totalList = new ArrayList<>();
        totals.forEach((currency, t) -> totalList.add(new Balances.Total(
                currency,
                Money.format(t[0], currency),
                Money.format(t[1], currency),
                Money.format(Math.subtractExact(t[0], t[1]), currency))));
        return new Balances(byFriend, totalList);
    }

    /**
     * The balance with one person and a page of the items that make it up, newest first; 404 only for
     * someone you share nothing with (see {@link #sharesAnything}). The nets always count every item.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Balances.WithFriendPage withFriend(UUID me, String friendText, String limitText, String before) {
        UUID friend = Input.parseId(friendText);
        if (friend == null || friend.equals(me)) {
            throw ApiException.notFound("Friend");
        }
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        input.validate();
        // Page.Position refuses a cursor dated outside 1900..9999 itself.
        Page.Position position = Page.Position.before(before);
        Map<Key, Long> nets = nets(me, friend);
        if (nets.isEmpty() && !sharesAnything(me, friend)) {
            throw ApiException.notFound("Friend");
        }
        List<Balances.CurrencyNet> currencyNets = new ArrayList<>();
        nets.forEach((key, net) ->
                currencyNets.add(new Balances.CurrencyNet(key.currency(), Money.format(net, key.currency()))));
        // Each source gives its newest limit + 1 before the cursor; the newest limit + 1 of all of them
        // are the page and tell whether more exist.
        Instant beforeDate = position.date();
        UUID beforeId = position.id();
        List<Balances.Item> items = new ArrayList<>();
        groupExpenses
                .items(me, friend, beforeDate, beforeId, limit + 1)
                .forEach(e -> items.add(item("group_expense", e)));
        udhari.items(me, friend, beforeDate, beforeId, limit + 1).forEach(e -> items.add(item("udhari", e)));
        settlements.items(me, friend, beforeDate, beforeId, limit + 1).forEach(e -> items.add(item("settlement", e)));
        // Newest first by date, then id in PostgreSQL's uuid order (that of the lowercase text).
        items.sort(Comparator.comparing(Balances.Item::date)
                .thenComparing(i -> i.id().toString())
                .reversed());
        Page<Balances.Item> page = Page.of(
                items.size() > limit + 1 ? items.subList(0, limit + 1) : items,
                limit,
                Balances.Item::date,
                Balances.Item::id);
        return new Balances.WithFriendPage(
                new Balances.WithFriend(friend, currencyNets, page.items()), page.nextCursor());
    }

    /**
     * A friend, a fellow group member, or someone on a live expense, udhari (settled too) or settlement with
     * you: their balance is yours to see, zero or not.
     */
    private boolean sharesAnything(UUID me, UUID other) {
        return friends.isFriend(me, other)
                || groups.shareAGroup(me, other)
                || groupExpenses.shareAnExpense(me, other)
                || udhari.shareAnUdhari(me, other)
                || settlements.shared(me, other);
    }

    /** True when every currency's net between the two is zero; a friend is removed only then. */
    @Transactional(readOnly = true)
    boolean isSettled(UUID userId, UUID friendUserId) {
        return nets(userId, friendUserId).isEmpty();
    }

    /** Non-zero nets per other person and currency, sorted by currency within a person. */
    private Map<Key, Long> nets(UUID me, UUID friend) {
        Map<Key, Long> nets = new TreeMap<>(
                Comparator.comparing((Key k) -> k.other().toString()).thenComparing(Key::currency));
        List<Net> sources = new ArrayList<>(groupExpenses.nets(me, friend));
        sources.addAll(udhari.nets(me, friend));
        sources.addAll(settlements.nets(me, friend));
        for (Net net : sources) {
            nets.merge(new Key(net.otherUserId(), net.currency()), net.minor(), Math::addExact);
        }
        nets.values().removeIf(net -> net == 0);
        return nets;
    }

    private static Balances.Item item(String kind, Entry entry) {
        return new Balances.Item(
                kind,
                entry.id(),
                entry.date(),
                entry.title(),
                entry.currency(),
                Money.format(entry.effectMinor(), entry.currency()),
                entry.groupId());
    }
}
