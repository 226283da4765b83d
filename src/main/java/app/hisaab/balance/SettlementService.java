package app.hisaab.balance;

import app.hisaab.friend.FriendService;
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
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Payments between two friends that settle what one owes the other. */
@Service
class SettlementService {

    private final SettlementRepository settlements;
    private final FriendService friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final Clock clock;

    SettlementService(
            SettlementRepository settlements,
            FriendService friends,
            UserService users,
            ChangeLog changeLog,
            Clock clock) {
        this.settlements = settlements;
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Settlement get(UUID me, UUID id) {
        return view(visible(me, settlements.find(id).orElse(null)));
    }

    @Transactional(readOnly = true)
    Page<Settlement> list(UUID me, String friendUserId, String limitText, String before) {
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
        List<Settlement> rows = settlements.list(me, friend, position.date(), position.id(), limit + 1).stream()
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
        if (from != null && to != null) {
            if (from.equals(to)) {
                input.reject("toUserId", "must be someone other than fromUserId");
            } else if (!from.equals(me) && !to.equals(me)) {
                input.reject("fromUserId", "you must be fromUserId or toUserId");
            } else {
                UUID other = from.equals(me) ? to : from;
                if (!friends.isFriend(me, other)) {
                    input.reject(from.equals(me) ? "toUserId" : "fromUserId", "is not your friend");
                }
            }
        }
        String currency =
                input.currency("currency", request.currency(), users.get(me).defaultCurrency());
        Money amount = input.money("amount", request.amount(), currency);
        Instant date = input.date("date", request.date());
        String note = input.optionalText("note", request.note(), Input.DESCRIPTION_MAX);
        input.validate();
        SettlementRepository.Content content = new SettlementRepository.Content(
                from, to, amount.minor(), currency, note, date.truncatedTo(ChronoUnit.MICROS));
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
        changeLog.record(Entity.SETTLEMENT, Op.ADDED, id, me, List.of(from, to), created);
        return Created.created(created);
    }

    /** Either party may delete a settlement. */
    @Transactional
    void delete(UUID me, UUID id) {
        SettlementRepository.Row row = visible(me, settlements.lock(id).orElse(null));
        settlements.softDelete(id, now());
        changeLog.recordDeleted(Entity.SETTLEMENT, id, me, List.of(row.fromUserId(), row.toUserId()));
    }

    private static UUID party(Input input, String field, String text) {
        if (text == null || text.isBlank()) {
            input.reject(field, "is required");
            return null;
        }
        return input.id(field, text, "must be a user id (UUID)");
    }

    private static SettlementRepository.Row visible(UUID me, SettlementRepository.Row row) {
        if (row == null || row.deletedAt() != null || !row.hasParty(me)) {
            throw ApiException.notFound("Settlement");
        }
        return row;
    }

    static Settlement view(SettlementRepository.Row row) {
        return new Settlement(
                row.id(),
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
