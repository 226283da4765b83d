package app.hisaab.balance;

import app.hisaab.friend.FriendService;
import app.hisaab.group.GroupService;
import app.hisaab.money.Money;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payments that settle what one owes the other: between two friends, or between two members of a group
 * (recorded by any member, visible to every member).
 */
@Service
class SettlementService {

    private final SettlementRepository settlements;
    private final FriendService friends;
    private final UserService users;
    private final GroupService groups;
    private final ChangeLog changeLog;
    private final Clock clock;

    SettlementService(
            SettlementRepository settlements,
            FriendService friends,
            UserService users,
            GroupService groups,
            ChangeLog changeLog,
            Clock clock) {
        this.settlements = settlements;
        this.friends = friends;
        this.users = users;
        this.groups = groups;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Settlement get(UUID me, UUID id) {
        return view(visible(me, settlements.find(id).orElse(null)));
    }

    @Transactional(readOnly = true)
    Page<Settlement> list(UUID me, String groupId, String friendUserId, String limitText, String before) {
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
            friend = Input.parseId(friendUserId);
            if (friend == null || !friends.isFriend(me, friend)) {
                input.reject("friendUserId", "is not your friend");
            }
        }
        input.validate();
        Page.Position position = Page.Position.before(before);
        List<Settlement> rows = settlements.list(me, group, friend, position.date(), position.id(), limit + 1).stream()
                .map(SettlementService::view)
                .toList();
        return Page.of(rows, limit, Settlement::date, Settlement::id);
    }

    @Transactional
    Created<Settlement> create(UUID me, SettlementRequest request) {
        Input input = new Input();
        UUID id = null;
        if (request.id() != null) {
            id = input.id("id", request.id(), "must be a UUID");
        }
        UUID from = party(input, "fromUserId", request.fromUserId());
        UUID to = party(input, "toUserId", request.toUserId());
        GroupService.Membership group = null;
        boolean inGroup = request.groupId() != null;
        if (inGroup) {
            // Held (shared) until commit: neither party can leave the group before this is written.
            UUID groupId = input.id("groupId", request.groupId(), "must be a group id (UUID)");
            group = groupId == null
                    ? null
                    : groups.lockForMoney(groupId).filter(g -> g.hasMember(me)).orElse(null);
            if (groupId != null && group == null) {
                input.reject("groupId", "is not a group of yours");
            }
        }
        if (from != null && to != null) {
            if (from.equals(to)) {
                input.reject("toUserId", "must be someone other than fromUserId");
            } else if (inGroup) {
                // Any member records a payment between two members; they need not be friends.
                if (group != null && !group.hasMember(from)) {
                    input.reject("fromUserId", "is not a member of the group");
                }
                if (group != null && !group.hasMember(to)) {
                    input.reject("toUserId", "is not a member of the group");
                }
            } else if (!from.equals(me) && !to.equals(me)) {
                input.reject("fromUserId", "you must be fromUserId or toUserId");
            } else {
                UUID other = from.equals(me) ? to : from;
                if (!friends.isFriend(me, other)) {
                    input.reject(from.equals(me) ? "toUserId" : "fromUserId", "is not your friend");
                }
            }
        }
        String currency = input.currency(
                "currency",
                request.currency(),
                group != null ? group.currency() : users.get(me).defaultCurrency());
        Money amount = input.money("amount", request.amount(), currency);
        Instant date = input.date("date", request.date());
        String note = input.optionalText("note", request.note(), Input.DESCRIPTION_MAX);
        input.validate();
        SettlementRepository.Content content = new SettlementRepository.Content(
                group == null ? null : group.groupId(),
                from,
                to,
                amount.minor(),
                currency,
                note,
                date.truncatedTo(ChronoUnit.MICROS));
        if (id == null) {
            id = UUID.randomUUID();
        }
        if (!settlements.insert(id, content, me, now())) {
            SettlementRepository.Row existing = settlements.find(id).orElseThrow();
            return Created.replayed(
                    existing.createdBy().equals(me) && existing.deletedAt() == null && existing.sameContent(content),
                    () -> view(existing));
        }
        Settlement created = view(settlements.find(id).orElseThrow());
        changeLog.record(Entity.SETTLEMENT, Op.ADDED, id, me, recipients(created, group), created);
        return Created.created(created);
    }

    /**
     * Either party may delete a settlement, and so may any member of its group. A group's settlement is
     * deleted with the group held (shared), the order every write of a group's money takes.
     */
    @Transactional
    void delete(UUID me, UUID id) {
        SettlementRepository.Row seen = visible(me, settlements.find(id).orElse(null));
        GroupService.Membership group = null;
        if (seen.groupId() != null) {
            group = groups.lockForMoney(seen.groupId()).orElseThrow(() -> ApiException.notFound("Settlement"));
        }
        SettlementRepository.Row row = visible(me, settlements.lock(id).orElse(null));
        settlements.softDelete(id, now());
        changeLog.recordDeleted(Entity.SETTLEMENT, id, me, recipients(view(row), group));
    }

    /** The two parties, and the members of its group. */
    static Set<UUID> recipients(Settlement settlement, GroupService.Membership group) {
        Set<UUID> recipients = new LinkedHashSet<>(List.of(settlement.fromUserId(), settlement.toUserId()));
        if (group != null) {
            recipients.addAll(group.members().keySet());
        }
        return recipients;
    }

    private static UUID party(Input input, String field, String text) {
        if (text == null || text.isBlank()) {
            input.reject(field, "is required");
            return null;
        }
        return input.id(field, text, "must be a user id (UUID)");
    }

    /** The parties see a settlement, and so do the members of its group. */
    private SettlementRepository.Row visible(UUID me, SettlementRepository.Row row) {
        if (row == null
                || row.deletedAt() != null
                || !(row.hasParty(me) || (row.groupId() != null && groups.isMember(row.groupId(), me)))) {
            throw ApiException.notFound("Settlement");
        }
        return row;
    }

    static Settlement view(SettlementRepository.Row row) {
        return new Settlement(
                row.id(),
                row.groupId(),
                row.fromUserId(),
                row.toUserId(),
                Money.format(row.amountMinor(), row.currency()),
                row.currency(),
                row.note(),
                row.date(),
                row.createdBy(),
                row.createdAt(),
                row.updatedAt(),
                row.version());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
