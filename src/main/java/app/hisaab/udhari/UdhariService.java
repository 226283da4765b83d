package app.hisaab.udhari;

import app.hisaab.friend.FriendService;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
import app.hisaab.money.Money;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import app.hisaab.web.Versions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Informal loans between two people: the creator lent or borrowed. */
@Service
public class UdhariService {

    private static final String STATUS_MESSAGE = "must be 0 (pending) or 1 (settled)";

    private final UdhariRepository udhari;
    private final FriendService friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final Clock clock;

    UdhariService(UdhariRepository udhari, FriendService friends, UserService users, ChangeLog changeLog, Clock clock) {
        this.udhari = udhari;
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /**
     * The user's nets through pending udhari per other person and currency, from one GROUP BY query;
     * {@code friend} null means with everyone. Settled and deleted udhari count for nothing.
     */
    @Transactional(readOnly = true)
    public List<Net> nets(UUID user, UUID friend) {
        return udhari.nets(user, friend).stream()
                .filter(net -> net.minor() != 0)
                .toList();
    }

    /** Up to {@code limit} pending udhari between the user and a friend, strictly before (date, id) when given, newest first. */
    @Transactional(readOnly = true)
    public List<Entry> items(UUID user, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return udhari.items(user, friend, beforeDate, beforeId, limit);
    }

    /** True when a live udhari is between the two, a settled one included. */
    @Transactional(readOnly = true)
    public boolean shareAnUdhari(UUID user, UUID other) {
        return udhari.shared(user, other);
    }

    @Transactional(readOnly = true)
    Udhari get(UUID me, UUID id) {
        return view(visible(me, udhari.find(id).orElse(null)), me);
    }

    @Transactional(readOnly = true)
    Page<Udhari> list(UUID me, String statusText, String friendUserId, String limitText, String before) {
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        UdhariStatus status = null;
        if (statusText != null) {
            String trimmed = statusText.trim();
            if (trimmed.equals("0") || trimmed.equals("1")) {
                status = UdhariStatus.of(Integer.parseInt(trimmed)).orElseThrow();
            } else {
                input.reject("status", STATUS_MESSAGE);
            }
        }
        UUID friend = null;
        if (friendUserId != null) {
            friend = input.id("friendUserId", friendUserId);
            if (friend != null && !friends.isFriend(me, friend)) {
                input.reject("friendUserId", "is not your friend");
            }
        }
        input.validate();
        Page.Position position = Page.Position.before(before);
        List<Udhari> rows = udhari.list(me, status, friend, position.date(), position.id(), limit + 1).stream()
                .map(row -> view(row, me))
                .toList();
        return Page.of(rows, limit, Udhari::date, Udhari::id);
    }

    @Transactional
    Created<Udhari> create(UUID me, UdhariRequest request) {
        Input input = new Input();
        UUID id = request.id() == null ? UUID.randomUUID() : input.id("id", request.id());
        Content given = validate(input, me, request, null, users.get(me).defaultCurrency());
        Instant now = now();
        UdhariRepository.Content content = given.settledFrom(null, me, now);
        if (!udhari.insert(id, me, content, now)) {
            UdhariRepository.Row existing = udhari.find(id).orElseThrow();
            return Created.replayed(
                    existing.createdBy().equals(me)
                            && existing.deletedAt() == null
                            && content(existing).sameAsGiven(content),
                    () -> view(existing, me));
        }
        UdhariRepository.Row row = udhari.find(id).orElseThrow();
        changeLog.record(Entity.UDHARI, Op.ADDED, id, me, views(row));
        return Created.created(view(row, me));
    }

    @Transactional
    Udhari replace(UUID me, UUID id, UdhariRequest request, Integer expectedVersion) {
        UdhariRepository.Row row = editable(me, id);
        Versions.check(expectedVersion, row.version(), view(row, me));
        Content given = validate(new Input(), me, request, row.counterpartyId(), row.currency());
        return write(me, row, given);
    }

    @Transactional
    Udhari patch(UUID me, UUID id, UdhariRequest patch, Integer expectedVersion) {
        UdhariRepository.Row row = editable(me, id);
        Versions.check(expectedVersion, row.version(), view(row, me));
        UdhariRequest merged = new UdhariRequest(
                null,
                patch.friendId() != null
                        ? patch.friendId()
                        : row.counterpartyId().toString(),
                patch.amount() != null
                        ? patch.amount()
                        : new app.hisaab.money.AmountInput(Money.format(row.amountMinor(), row.currency())),
                patch.currency() != null ? patch.currency() : row.currency(),
                patch.description() != null ? patch.description() : row.description(),
                patch.type() != null ? patch.type() : Integer.valueOf(row.type().code()),
                patch.status() != null
                        ? patch.status()
                        : Integer.valueOf(row.status().code()),
                patch.date() != null ? patch.date() : row.date().toString(),
                null);
        Content given = validate(new Input(), me, merged, row.counterpartyId(), row.currency());
        return write(me, row, given);
    }

    /** Either party marks the udhari settled; settling a settled one changes nothing. */
    @Transactional
    Udhari settle(UUID me, UUID id, String dateText) {
        UdhariRepository.Row row = visible(me, udhari.lock(id).orElse(null));
        Input input = new Input();
        Instant date = input.optionalDate("date", dateText);
        input.validate();
        if (row.status() == UdhariStatus.SETTLED) {
            return view(row, me);
        }
        Instant now = now();
        UdhariRepository.Content content = new UdhariRepository.Content(
                row.counterpartyId(),
                row.amountMinor(),
                row.currency(),
                row.description(),
                row.type(),
                UdhariStatus.SETTLED,
                row.date(),
                date == null ? now : date.truncatedTo(ChronoUnit.MICROS),
                me);
        udhari.update(id, content, now);
        UdhariRepository.Row updated = udhari.find(id).orElseThrow();
        changeLog.record(Entity.UDHARI, Op.UPDATED, id, me, views(updated));
        return view(updated, me);
    }

    @Transactional
    void delete(UUID me, UUID id, Integer expectedVersion) {
        UdhariRepository.Row row = editable(me, id);
        Versions.check(expectedVersion, row.version(), view(row, me));
        udhari.softDelete(id, now());
        changeLog.recordDeleted(Entity.UDHARI, id, me, List.of(row.createdBy(), row.counterpartyId()));
    }

    private Udhari write(UUID me, UdhariRepository.Row row, Content given) {
        Instant now = now();
        UdhariRepository.Content content = given.settledFrom(row, me, now);
        if (content.equals(content(row))) {
            // Nothing changes: no new version, no change for anyone.
            return view(row, me);
        }
        udhari.update(row.id(), content, now);
        UdhariRepository.Row updated = udhari.find(row.id()).orElseThrow();
        Map<UUID, Udhari> views = views(updated);
        if (!updated.counterpartyId().equals(row.counterpartyId())) {
            // The old counterparty loses it, the new one receives it as added.
            changeLog.recordEach(
                    Entity.UDHARI,
                    row.id(),
                    me,
                    Map.of(
                            row.counterpartyId(),
                            new ChangeLog.Delivery(Op.DELETED, null),
                            updated.counterpartyId(),
                            new ChangeLog.Delivery(Op.ADDED, views.get(updated.counterpartyId())),
                            me,
                            new ChangeLog.Delivery(Op.UPDATED, views.get(me))));
        } else {
            changeLog.record(Entity.UDHARI, Op.UPDATED, row.id(), me, views);
        }
        return views.get(me);
    }

    /** Only the creator changes or deletes; the counterparty may read, so they get 403, anyone else 404. */
    private UdhariRepository.Row editable(UUID me, UUID id) {
        UdhariRepository.Row row = visible(me, udhari.lock(id).orElse(null));
        if (!row.createdBy().equals(me)) {
            throw ApiException.forbidden("Only the person who recorded this udhari can change or delete it");
        }
        return row;
    }

    private static UdhariRepository.Row visible(UUID me, UdhariRepository.Row row) {
        if (row == null || row.deletedAt() != null || !row.hasParty(me)) {
            throw ApiException.notFound("Udhari");
        }
        return row;
    }

    /** The validated fields a client gives, before the server adds who settled and when. */
    private record Content(
            UUID counterpartyId,
            long amountMinor,
            String currency,
            String description,
            UdhariType type,
            UdhariStatus status,
            Instant date) {

        /** Keeps the settling details of a row that stays settled, sets them on settling, clears them on reopening. */
        UdhariRepository.Content settledFrom(UdhariRepository.Row row, UUID me, Instant now) {
            Instant settledAt = null;
            UUID settledBy = null;
            if (status == UdhariStatus.SETTLED) {
                boolean wasSettled = row != null && row.status() == UdhariStatus.SETTLED;
                settledAt = wasSettled ? row.settledAt() : now;
                settledBy = wasSettled ? row.settledBy() : me;
            }
            return new UdhariRepository.Content(
                    counterpartyId, amountMinor, currency, description, type, status, date, settledAt, settledBy);
        }
    }

    private Content validate(
            Input input, UUID me, UdhariRequest request, UUID currentCounterparty, String fallbackCurrency) {
        UUID counterparty = null;
        if (request.friendId() == null || request.friendId().isBlank()) {
            input.reject("friendId", "is required");
        } else {
            counterparty = input.id("friendId", request.friendId());
            if (counterparty != null
                    && !counterparty.equals(currentCounterparty)
                    && (counterparty.equals(me) || !friends.isFriend(me, counterparty))) {
                input.reject("friendId", "is not your friend");
            }
        }
        String currency = input.currency("currency", request.currency(), fallbackCurrency);
        Money amount = input.money("amount", request.amount(), currency);
        String description = input.optionalText("description", request.description(), Input.DESCRIPTION_MAX);
        UdhariType type = null;
        if (request.type() == null) {
            input.reject("type", "is required: 0 = you lent, 1 = you borrowed");
        } else {
            type = UdhariType.of(request.type()).orElse(null);
            if (type == null) {
                input.reject("type", "must be 0 (you lent) or 1 (you borrowed)");
            }
        }
        UdhariStatus status = request.status() == null
                ? UdhariStatus.PENDING
                : UdhariStatus.of(request.status()).orElse(null);
        if (status == null) {
            input.reject("status", STATUS_MESSAGE);
        }
        Instant date = input.date("date", request.date());
        input.validate();
        return new Content(
                counterparty, amount.minor(), currency, description, type, status, date.truncatedTo(ChronoUnit.MICROS));
    }

    private static UdhariRepository.Content content(UdhariRepository.Row row) {
        return new UdhariRepository.Content(
                row.counterpartyId(),
                row.amountMinor(),
                row.currency(),
                row.description(),
                row.type(),
                row.status(),
                row.date(),
                row.settledAt(),
                row.settledBy());
    }

    /** The row as each party sees it. */
    static Map<UUID, Udhari> views(UdhariRepository.Row row) {
        Map<UUID, Udhari> views = new LinkedHashMap<>();
        views.put(row.createdBy(), view(row, row.createdBy()));
        views.put(row.counterpartyId(), view(row, row.counterpartyId()));
        return views;
    }

    static Udhari view(UdhariRepository.Row row, UUID viewer) {
        boolean creator = row.createdBy().equals(viewer);
        return new Udhari(
                row.id(),
                creator ? row.counterpartyId() : row.createdBy(),
                Money.format(row.amountMinor(), row.currency()),
                row.currency(),
                row.description(),
                creator ? row.type() : row.type().flipped(),
                row.status(),
                row.date(),
                row.settledAt(),
                row.settledBy(),
                row.createdBy(),
                row.createdAt(),
                row.updatedAt(),
                row.version());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
