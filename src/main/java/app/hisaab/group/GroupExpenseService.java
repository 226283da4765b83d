package app.hisaab.group;

import app.hisaab.friend.FriendService;
import app.hisaab.ledger.Debt;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
import app.hisaab.money.AmountInput;
import app.hisaab.money.InvalidAmountException;
import app.hisaab.money.Money;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.ListCache;
import app.hisaab.sync.Op;
import app.hisaab.sync.PendingChange;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import app.hisaab.web.Versions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Expenses shared between participants, split exactly in minor units. */
@Service
public class GroupExpenseService {

    static final int MAX_PARTICIPANTS = 100;

    /** The largest shares value: one million shares. */
    private static final long MAX_SHARES = 1_000_000_000L;

    private final GroupExpenseRepository expenses;
    private final FriendService friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final ListCache lists;
    private final GroupService groups;
    private final GroupExpenseAccess access;
    private final TransactionTemplate inTransaction;
    private final Clock clock;

    GroupExpenseService(
            GroupExpenseRepository expenses,
            FriendService friends,
            UserService users,
            ChangeLog changeLog,
            ListCache lists,
            GroupService groups,
            GroupExpenseAccess access,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.expenses = expenses;
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.lists = lists;
        this.groups = groups;
        this.access = access;
        this.inTransaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * The user's nets through group expenses that one of the two paid, per other person and currency,
     * from one GROUP BY query; {@code friend} null means with everyone.
     */
    @Transactional(readOnly = true)
    public List<Net> nets(UUID user, UUID friend) {
        return expenses.nets(user, friend).stream()
                .filter(net -> net.minor() != 0)
                .toList();
    }

    /** True when both take part in a live expense, even one that leaves nothing owed between them. */
    @Transactional(readOnly = true)
    public boolean shareAnExpense(UUID user, UUID other) {
        return expenses.shared(user, other);
    }

    /**
     * Up to {@code limit} expenses with a non-zero effect on the balance between the user and a friend,
     * strictly before (date, id) when given, newest first.
     */
    @Transactional(readOnly = true)
    public List<Entry> items(UUID user, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return expenses.items(user, friend, beforeDate, beforeId, limit);
    }

    /**
     * Each person's net through a group's expenses, per currency (what the others owe them as payer minus
     * what they owe), zero nets included; in the caller's transaction, if any.
     */
    @Transactional(readOnly = true)
    public List<Net> groupNets(UUID groupId) {
        return expenses.groupNets(groupId);
    }

    /** Who owes whom directly through a group's expenses, per currency and ordered pair. */
    @Transactional(readOnly = true)
    public List<Debt> groupDebts(UUID groupId) {
        return expenses.groupDebts(groupId);
    }

    @Transactional(readOnly = true)
    GroupExpense get(UUID me, UUID id) {
        return view(access.visible(me, expenses.find(id).orElse(null)));
    }

    /**
     * A page of the user's expenses, newest first, as the response body: served from the {@link ListCache}
     * while the user's feed has not grown, else read in one statement with the shares.
     */
    ResponseEntity<byte[]> list(
            UUID me, String groupId, String friendUserId, String limitText, String before, String ifNoneMatch) {
        UUID group = null;
        if (groupId != null) {
            group = Input.parseId(groupId);
            if (group == null || !groups.isMember(group, me)) {
                throw ApiException.notFound("Group");
            }
        }
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        UUID friend = null;
        if (friendUserId != null) {
            friend = input.id("friendUserId", friendUserId);
            if (friend != null && !friends.isFriend(me, friend)) {
                input.reject("friendUserId", "is not your friend");
            }
        }
        input.validate();
        Page.Position position = Page.Position.before(before);
        UUID friendFilter = friend;
        UUID groupFilter = group;
        String key =
                "group-expenses?groupId=" + group + "&friendUserId=" + friend + "&limit=" + limit + "&before=" + before;
        return lists.list(me, key, ifNoneMatch, () -> {
            List<GroupExpense> rows =
                    expenses.list(me, groupFilter, friendFilter, position.date(), position.id(), limit + 1).stream()
                            .map(GroupExpenseService::view)
                            .toList();
            return Page.of(rows, limit, GroupExpense::date, GroupExpense::id);
        });
    }

    /**
     * Between friends no transaction is around it: the checks read first, then one statement writes the
     * expense, its shares and its change records and commits, so the recipients' feeds are locked only
     * inside PostgreSQL. In a group, one transaction holds the group (shared) from the membership checks
     * to the commit, so that nobody named can leave the group in between.
     */
    Created<GroupExpense> create(UUID me, GroupExpenseRequest request) {
        if (request.groupId() != null) {
            return inTransaction.execute(status -> createChecked(me, request));
        }
        return createChecked(me, request);
    }

    private Created<GroupExpense> createChecked(UUID me, GroupExpenseRequest request) {
        Input input = new Input();
        UUID id = request.id() == null ? UUID.randomUUID() : input.id("id", request.id());
        ExpenseScope scope = access.scope(input, me, request.groupId());
        String fallbackCurrency = null;
        if (request.currency() == null) {
            fallbackCurrency = scope.group() != null ? scope.group().currency() : users.defaultCurrency(me);
        }
        GroupExpenseRepository.Content content = validate(input, me, request, Set.of(), fallbackCurrency, scope);
        Instant now = now();
        GroupExpense created = view(id, content, me, now);
        Set<UUID> recipients = new LinkedHashSet<>(created.participants());
        recipients.addAll(scope.members());
        PendingChange change = changeLog.prepare(Entity.GROUP_EXPENSE, Op.ADDED, id, me, recipients, created);
        Optional<List<UUID>> recorded = expenses.insert(id, content, me, now, change);
        if (recorded.isEmpty()) {
            GroupExpenseRepository.Row existing = expenses.find(id).orElseThrow();
            return Created.replayed(
                    existing.createdBy().equals(me)
                            && existing.deletedAt() == null
                            && content(existing).equals(content),
                    () -> view(existing));
        }
        changeLog.recorded(recorded.get());
        return Created.created(created);
    }

    /** PUT: the body replaces the expense; absent optional fields take their defaults. */
    @Transactional
    GroupExpense replace(UUID me, UUID id, GroupExpenseRequest request, Integer expectedVersion) {
        GroupExpenseAccess.Locked locked = access.lockToChange(me, id);
        GroupExpenseRepository.Row row = locked.row();
        Versions.check(expectedVersion, row.version(), view(row));
        Input input = new Input();
        GroupExpenseAccess.checkSameGroup(input, row, request.groupId());
        GroupExpenseRepository.Content content =
                validate(input, me, request, new HashSet<>(row.participants()), row.currency(), locked.scope());
        return write(me, row, content, locked.scope());
    }

    /** PATCH: absent fields keep their values; the result must be a valid expense as a whole. */
    @Transactional
    GroupExpense patch(UUID me, UUID id, GroupExpenseRequest patch, Integer expectedVersion) {
        GroupExpenseAccess.Locked locked = access.lockToChange(me, id);
        GroupExpenseRepository.Row row = locked.row();
        Versions.check(expectedVersion, row.version(), view(row));
        Input input = new Input();
        GroupExpenseAccess.checkSameGroup(input, row, patch.groupId());
        GroupExpenseRequest merged = merge(row, patch);
        GroupExpenseRepository.Content content =
                validate(input, me, merged, new HashSet<>(row.participants()), row.currency(), locked.scope());
        return write(me, row, content, locked.scope());
    }

    @Transactional
    void delete(UUID me, UUID id, Integer expectedVersion) {
        GroupExpenseAccess.Locked locked = access.lockToChange(me, id);
        GroupExpenseRepository.Row row = locked.row();
        Versions.check(expectedVersion, row.version(), view(row));
        expenses.softDelete(id, me, now());
        Set<UUID> recipients = new LinkedHashSet<>(row.participants());
        recipients.addAll(locked.scope().members());
        changeLog.recordDeleted(Entity.GROUP_EXPENSE, id, me, recipients);
    }

    private GroupExpense write(
            UUID me, GroupExpenseRepository.Row row, GroupExpenseRepository.Content content, ExpenseScope scope) {
        if (content(row).equals(content)) {
            // Nothing changes: no new version, no change for anyone.
            return view(row);
        }
        expenses.update(row.id(), content, me, now());
        GroupExpense updated = view(expenses.find(row.id()).orElseThrow());
        // Who saw it and still does gets it as updated, who sees it now as added, who no longer does as
        // deleted. The group's members see it throughout.
        Set<UUID> before = new LinkedHashSet<>(row.participants());
        before.addAll(scope.members());
        Set<UUID> after = new LinkedHashSet<>(updated.participants());
        after.addAll(scope.members());
        Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
        for (UUID user : after) {
            Op op = before.remove(user) ? Op.UPDATED : Op.ADDED;
            deliveries.put(user, new ChangeLog.Delivery(op, updated));
        }
        before.forEach(removed -> deliveries.put(removed, new ChangeLog.Delivery(Op.DELETED, null)));
        changeLog.recordEach(Entity.GROUP_EXPENSE, row.id(), me, deliveries);
        return updated;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Checks a whole expense and computes its shares. Participants already on the expense ({@code
     * kept}) may stay without being the caller's friends (or, in a group, its members); every other one
     * must be.
     */
    private GroupExpenseRepository.Content validate(
            Input input,
            UUID me,
            GroupExpenseRequest request,
            Set<UUID> kept,
            String fallbackCurrency,
            ExpenseScope scope) {
        String title = input.text("title", request.title(), Input.NAME_MAX);
        String description = input.optionalText("description", request.description(), Input.DESCRIPTION_MAX);
        String currency = input.currency("currency", request.currency(), fallbackCurrency);
        Money total = input.money("totalAmount", request.totalAmount(), currency);
        Instant date = input.date("date", request.date());
        List<UUID> participants = participants(input, me, request.participants(), kept, scope);
        UUID paidBy = null;
        if (request.paidBy() == null || request.paidBy().isBlank()) {
            input.reject("paidBy", "is required");
        } else {
            paidBy = input.id("paidBy", request.paidBy());
            List<UUID> named = request.participants() == null
                    ? List.of()
                    : request.participants().stream().map(Input::parseId).toList();
            if (paidBy != null && !named.contains(paidBy)) {
                input.reject("paidBy", "must be one of the participants");
            }
        }
        SplitMode mode;
        if (request.splitMode() == null) {
            mode = request.splits() == null ? SplitMode.EQUAL : SplitMode.EXACT;
        } else {
            mode = SplitMode.fromWire(request.splitMode().trim().toLowerCase(java.util.Locale.ROOT));
            if (mode == null) {
                input.reject("splitMode", "must be equal, exact, percent or shares");
            }
        }
        List<GroupExpenseRepository.Share> shares = null;
        if (mode != null && participants != null && total != null) {
            shares = shares(input, mode, participants, request.splits(), total);
        }
        input.validate();
        return new GroupExpenseRepository.Content(
                scope.group() == null ? null : scope.group().groupId(),
                title,
                description,
                total.minor(),
                currency,
                paidBy,
                mode.wireName(),
                date.truncatedTo(ChronoUnit.MICROS),
                shares);
    }

    private List<UUID> participants(Input input, UUID me, List<String> given, Set<UUID> kept, ExpenseScope scope) {
        boolean inGroup = scope.group() != null || scope.rejected();
        if (given == null || given.isEmpty()) {
            input.reject("participants", inGroup ? "is required" : "is required and must include you");
            return null;
        }
        if (given.size() > MAX_PARTICIPANTS) {
            input.reject("participants", "must have at most " + MAX_PARTICIPANTS + " people");
            return null;
        }
        Set<UUID> seen = new LinkedHashSet<>();
        Map<UUID, String> mustBeFriends = new LinkedHashMap<>();
        boolean valid = true;
        for (int i = 0; i < given.size(); i++) {
            String field = "participants[" + i + "]";
            UUID participant = input.id(field, given.get(i));
            if (participant == null) {
                valid = false;
            } else if (!seen.add(participant)) {
                input.reject(field, "is listed more than once");
                valid = false;
            } else if (inGroup) {
                if (scope.group() != null && !scope.group().hasMember(participant) && !kept.contains(participant)) {
                    input.reject(field, "is not a member of the group");
                    valid = false;
                }
            } else if (!participant.equals(me) && !kept.contains(participant)) {
                mustBeFriends.put(participant, field);
            }
        }
        if (inGroup) {
            // In a group, members need not be friends and the one recording need not take part.
            return valid ? List.copyOf(seen) : null;
        }
        Set<UUID> friendIds = friends.friendsAmong(me, mustBeFriends.keySet());
        for (Map.Entry<UUID, String> candidate : mustBeFriends.entrySet()) {
            if (!friendIds.contains(candidate.getKey())) {
                input.reject(candidate.getValue(), "is not your friend");
                valid = false;
            }
        }
        if (!seen.contains(me)) {
            input.reject("participants", "must include you");
            valid = false;
        }
        return valid ? List.copyOf(seen) : null;
    }

    private static List<GroupExpenseRepository.Share> shares(
            Input input, SplitMode mode, List<UUID> participants, Map<String, AmountInput> splits, Money total) {
        int n = participants.size();
        if (mode == SplitMode.EQUAL) {
            return toShares(participants, Splitter.split(total.minor(), n, mode, null), null);
        }
        if (splits == null || splits.isEmpty()) {
            input.reject("splits", "is required for splitMode " + mode.wireName());
            return null;
        }
        Map<UUID, AmountInput> byUser = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, AmountInput> entry : splits.entrySet()) {
            UUID user = Input.parseId(entry.getKey());
            if (user == null || !participants.contains(user)) {
                input.reject("splits." + entry.getKey(), "is not one of the participants");
                valid = false;
            } else {
                byUser.put(user, entry.getValue());
            }
        }
        int decimals = switch (mode) {
            case PERCENT -> SplitMode.PERCENT_DECIMALS;
            case SHARES -> SplitMode.SHARES_DECIMALS;
            default -> Money.decimals(total.currency());
        };
        long max = switch (mode) {
            case PERCENT -> SplitMode.HUNDRED_PERCENT;
            case SHARES -> MAX_SHARES;
            default -> Money.MAX_MINOR;
        };
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            UUID participant = participants.get(i);
            String field = "splits." + participant;
            AmountInput value = byUser.get(participant);
            if (value == null || value.text() == null) {
                input.reject(field, "is required: every participant needs a value");
                valid = false;
                continue;
            }
            try {
                values[i] = Money.parseScaled(value.text(), decimals, max);
            } catch (InvalidAmountException e) {
                input.reject(field, value.text().startsWith("-") ? "must not be negative" : e.getMessage());
                valid = false;
            }
        }
        if (!valid) {
            return null;
        }
        long sum = 0;
        for (long value : values) {
            sum = Math.addExact(sum, value);
        }
        switch (mode) {
            case EXACT -> {
                if (sum != total.minor()) {
                    input.reject(
                            "splits",
                            "must add up to totalAmount " + total.amount() + "; they add up to "
                                    + Money.format(sum, total.currency()));
                    return null;
                }
            }
            case PERCENT -> {
                if (sum != SplitMode.HUNDRED_PERCENT) {
                    input.reject("splits", "percentages must add up to 100; they add up to " + plain(sum, decimals));
                    return null;
                }
            }
            case SHARES -> {
                if (sum == 0) {
                    input.reject("splits", "at least one share must be greater than zero");
                    return null;
                }
            }
            default -> {}
        }
        long[] amounts = Splitter.split(total.minor(), n, mode, values);
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = mode == SplitMode.EXACT ? null : plain(values[i], decimals);
        }
        return toShares(participants, amounts, texts);
    }

    private static List<GroupExpenseRepository.Share> toShares(
            List<UUID> participants, long[] amounts, String[] values) {
        List<GroupExpenseRepository.Share> shares = new ArrayList<>(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            shares.add(new GroupExpenseRepository.Share(
                    participants.get(i), i, amounts[i], values == null ? null : values[i]));
        }
        return shares;
    }

    /** A scaled value as the shortest plain decimal: 3333 at scale 2 is "33.33", 1500 at 3 is "1.5". */
    private static String plain(long value, int decimals) {
        return BigDecimal.valueOf(value, decimals).stripTrailingZeros().toPlainString();
    }

    /** The stored expense turned back into a request, overlaid with the fields a PATCH gives. */
    private static GroupExpenseRequest merge(GroupExpenseRepository.Row row, GroupExpenseRequest patch) {
        SplitMode storedMode = SplitMode.fromWire(row.splitMode());
        String mode = patch.splitMode();
        if (mode == null) {
            // Splits without a mode keep a percent/shares/exact expense's mode; an equal one becomes exact.
            mode = patch.splits() != null && storedMode == SplitMode.EQUAL ? "exact" : row.splitMode();
        }
        Map<String, AmountInput> splits = patch.splits();
        if (splits == null && storedMode != SplitMode.EQUAL) {
            splits = new LinkedHashMap<>();
            for (GroupExpenseRepository.Share share : row.shares()) {
                String value = storedMode == SplitMode.EXACT || share.splitValue() == null
                        ? Money.format(share.amountMinor(), row.currency())
                        : share.splitValue();
                splits.put(share.userId().toString(), new AmountInput(value));
            }
        }
        return new GroupExpenseRequest(
                null,
                null,
                patch.title() != null ? patch.title() : row.title(),
                patch.description() != null ? patch.description() : row.description(),
                patch.totalAmount() != null
                        ? patch.totalAmount()
                        : new AmountInput(Money.format(row.totalMinor(), row.currency())),
                patch.currency() != null ? patch.currency() : row.currency(),
                patch.paidBy() != null ? patch.paidBy() : row.paidBy().toString(),
                patch.participants() != null
                        ? patch.participants()
                        : row.participants().stream().map(UUID::toString).toList(),
                mode,
                splits,
                patch.date() != null ? patch.date() : row.date().toString(),
                null);
    }

    private static GroupExpenseRepository.Content content(GroupExpenseRepository.Row row) {
        return new GroupExpenseRepository.Content(
                row.groupId(),
                row.title(),
                row.description(),
                row.totalMinor(),
                row.currency(),
                row.paidBy(),
                row.splitMode(),
                row.date(),
                row.shares());
    }

    /** A new expense as {@link #view(GroupExpenseRepository.Row)} would show it once stored. */
    private static GroupExpense view(UUID id, GroupExpenseRepository.Content content, UUID me, Instant now) {
        return view(new GroupExpenseRepository.Row(
                id,
                content.groupId(),
                content.title(),
                content.description(),
                content.totalMinor(),
                content.currency(),
                content.paidBy(),
                content.splitMode(),
                content.date(),
                me,
                me,
                now,
                now,
                1,
                null,
                content.shares()));
    }

    static GroupExpense view(GroupExpenseRepository.Row row) {
        Map<UUID, String> splits = new LinkedHashMap<>();
        Map<UUID, String> values = new LinkedHashMap<>();
        for (GroupExpenseRepository.Share share : row.shares()) {
            splits.put(share.userId(), Money.format(share.amountMinor(), row.currency()));
            if (share.splitValue() != null) {
                values.put(share.userId(), share.splitValue());
            }
        }
        return new GroupExpense(
                row.id(),
                row.groupId(),
                row.title(),
                row.description(),
                Money.format(row.totalMinor(), row.currency()),
                row.currency(),
                row.paidBy(),
                row.participants(),
                row.splitMode(),
                splits,
                values.isEmpty() ? null : values,
                row.date(),
                row.createdBy(),
                row.updatedBy(),
                row.createdAt(),
                row.updatedAt(),
                row.version());
    }
}
