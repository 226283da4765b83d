package app.hisaab.friend;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.Phone;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import app.hisaab.web.Versions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Friendships: who may appear in whose expenses, udhari and settlements. */
@Service
public class FriendService {

    /**
     * SQL that is true when every id in {@code :checkFriends} (a uuid array) is a friend of {@code
     * :checkUser}: a create that names friends checks them in its own statement instead of reading first.
     */
    public static final String ALL_FRIENDS = "all_friends(:checkUser, CAST(:checkFriends AS uuid[]))";

    private final FriendRepository friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final ApplicationEventPublisher events;
    private final FriendProperties properties;
    private final Clock clock;

    FriendService(
            FriendRepository friends,
            UserService users,
            ChangeLog changeLog,
            ApplicationEventPublisher events,
            FriendProperties properties,
            Clock clock) {
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** A friend as {@code POST /api/friends} asks for one; {@code id} is an optional client-chosen id. */
    record NewFriend(String id, String name, String phone, String email) {}

    /** A change of alias or contact details; null keeps a field, an empty phone or email clears it. */
    record FriendPatch(String name, String phone, String email, Integer version) {}

    /** True when {@code friendUserId} is in {@code userId}'s friend list (linked or placeholder). */
    @Transactional(readOnly = true)
    public boolean isFriend(UUID userId, UUID friendUserId) {
        return friends.exists(userId, friendUserId);
    }

    /**
     * Which of these user ids are in {@code userId}'s friend list (linked or placeholder), in one
     * statement (no transaction: a write's checks read outside it).
     */
    public Set<UUID> friendsAmong(UUID userId, Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : friends.among(userId, ids);
    }

    /** The user's friends: friend user id to the name the user gave them. */
    @Transactional(readOnly = true)
    public Map<UUID, String> friendNames(UUID userId) {
        return friends.names(userId);
    }

    /** The user's live friendship with {@code friendUserId}, if any. */
    @Transactional(readOnly = true)
    public Optional<Friend> friendship(UUID userId, UUID friendUserId) {
        return friends.findLivePair(userId, friendUserId).map(this::view);
    }

    /**
     * A page of the user's friends by name (case-insensitive), then id. The cursor is the last
     * friend's sort key and id, so a page goes on where the one before ended.
     */
    @Transactional(readOnly = true)
    Page<Friend> list(UUID me, String limitText, String before) {
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        input.validate();
        NameCursor after = NameCursor.decode(before);
        List<FriendRepository.Listed> rows =
                friends.list(me, after == null ? null : after.name(), after == null ? null : after.id(), limit + 1);
        List<FriendRepository.Listed> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        Set<UUID> registered = users.registered(
                shown.stream().map(listed -> listed.row().friendUserId()).toList());
        List<Friend> items = shown.stream()
                .map(listed ->
                        listed.row().view(registered.contains(listed.row().friendUserId())))
                .toList();
        String next = null;
        if (rows.size() > limit) {
            FriendRepository.Listed last = shown.get(limit - 1);
            next = new NameCursor(last.sortName(), last.row().id()).encode();
        }
        return new Page<>(items, next);
    }

    /** Where a page of friends starts: after this (lowercase name, id). */
    private record NameCursor(String name, UUID id) {

        static NameCursor decode(String cursor) {
            if (cursor == null) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.lastIndexOf('|');
                String name = text.substring(0, bar);
                if (Input.hasControlCharacters(name)) {
                    throw new IllegalArgumentException(
                            "names have no control characters"); // PostgreSQL text has no NUL
                }
                UUID id = Input.parseId(text.substring(bar + 1));
                if (id == null) {
                    throw new IllegalArgumentException("not an id");
                }
                return new NameCursor(name, id);
            } catch (RuntimeException e) {
                throw ApiException.invalid("before", "is not a cursor this server gave out");
            }
        }

        String encode() {
            byte[] text = (name + "|" + id).getBytes(StandardCharsets.UTF_8);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
        }
    }

    /** Refuses a new friendship past {@link FriendProperties#maxFriends()}; holds the user's friend list until commit. */
    private void checkRoom(UUID user) {
        if (friends.lockAndCount(user) >= properties.maxFriends()) {
            throw ApiException.conflict(
                    "The limit of " + properties.maxFriends() + " friends is reached: remove one first");
        }
    }

    @Transactional
    Created<Friend> add(UUID me, NewFriend request) {
        Input input = new Input();
        UUID given = input.optionalId("id", request.id());
        String name = input.text("name", request.name(), Input.NAME_MAX);
        String phone = Phone.optional(input, "phone", request.phone());
        String email = input.optionalEmail("email", request.email());
        input.validate();
        if (given != null) {
            // Uploads of one offline create can race: the second waits here, then finds the first.
            friends.lockClientId(given);
            Optional<FriendRepository.Row> existing = friends.find(given);
            if (existing.isPresent()) {
                FriendRepository.Row row = existing.get();
                return Created.replayed(
                        row.visibleTo(me),
                        "This id is already taken",
                        row.name().equals(name)
                                && Objects.equals(row.phone(), phone)
                                && Objects.equals(row.email(), email),
                        "A friend with this id exists with other details",
                        () -> view(row));
            }
        }
        UUID id = given != null ? given : UUID.randomUUID();
        return Created.created(insertPlaceholderFriend(me, id, name, phone, email));
    }

    /**
     * Creates a placeholder user owned by {@code owner} (a friend without an account) and the owner's
     * friendship with it; records {@code friend_added}. The fields are already validated.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Friend addPlaceholder(UUID owner, String name, String phone, String email) {
        return insertPlaceholderFriend(owner, UUID.randomUUID(), name, phone, email);
    }

    private Friend insertPlaceholderFriend(UUID owner, UUID id, String name, String phone, String email) {
        checkRoom(owner);
        UUID placeholder = UUID.randomUUID();
        users.createPlaceholder(placeholder, owner, name, email, phone);
        friends.insert(id, owner, placeholder, name, phone, email, clock.instant());
        Friend friend = view(friends.find(id).orElseThrow());
        changeLog.record(Entity.FRIEND, Op.ADDED, id, owner, Set.of(owner), friend);
        return friend;
    }

    /**
     * Makes {@code userId} a friend of {@code friendUserId} (one direction) under the given alias,
     * unless they are friends already; records {@code friend_added} for a new one. Returns the
     * friendship. For linking two accounts through an accepted invite only.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Friend befriend(UUID userId, UUID friendUserId, String name, String phone, String email) {
        Optional<FriendRepository.Row> existing = friends.lockLivePair(userId, friendUserId);
        if (existing.isPresent()) {
            return view(existing.get());
        }
        checkRoom(userId);
        UUID id = UUID.randomUUID();
        friends.insert(id, userId, friendUserId, name, phone, email, clock.instant());
        Friend friend = view(friends.find(id).orElseThrow());
        changeLog.record(Entity.FRIEND, Op.ADDED, id, userId, Set.of(userId), friend);
        return friend;
    }

    @Transactional
    Friend update(UUID me, UUID id, FriendPatch patch, Integer expectedVersion) {
        FriendRepository.Row row = friends.lock(id).filter(r -> r.visibleTo(me)).orElseThrow(FriendService::notFound);
        Input input = new Input();
        String name = patch.name() == null ? row.name() : input.text("name", patch.name(), Input.NAME_MAX);
        String phone = patch.phone() == null ? row.phone() : Phone.optional(input, "phone", patch.phone());
        String email = patch.email() == null ? row.email() : input.optionalEmail("email", patch.email());
        input.validate();
        Friend current = view(row);
        Versions.check(expectedVersion, row.version(), current);
        if (row.name().equals(name) && Objects.equals(row.phone(), phone) && Objects.equals(row.email(), email)) {
            return current;
        }
        friends.updateDetails(id, name, phone, email, clock.instant());
        Friend updated = view(friends.find(id).orElseThrow());
        changeLog.record(Entity.FRIEND, Op.UPDATED, id, me, Set.of(me), updated);
        return updated;
    }

    @Transactional
    void remove(UUID me, UUID id) {
        FriendRepository.Row row = friends.lock(id).filter(r -> r.visibleTo(me)).orElseThrow(FriendService::notFound);
        // The balance feature refuses (409) while money is open with the friend.
        events.publishEvent(new FriendRemoving(me, row.friendUserId()));
        friends.softDelete(id, clock.instant());
        changeLog.recordDeleted(Entity.FRIEND, id, me, Set.of(me));
    }

    /**
     * Moves the friendships naming a placeholder to the account that claimed it. An owner who is
     * friends with that account already keeps that friendship; the placeholder one is removed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void mergePlaceholder(UUID placeholder, UUID accepter) {
        Instant now = clock.instant();
        for (FriendRepository.Row row : friends.lockLiveNaming(placeholder)) {
            if (row.userId().equals(accepter)
                    || friends.lockLivePair(row.userId(), accepter).isPresent()) {
                friends.softDelete(row.id(), now);
                changeLog.recordDeleted(Entity.FRIEND, row.id(), accepter, Set.of(row.userId()));
            } else {
                friends.repoint(row.id(), accepter, now);
                Friend friend = view(friends.find(row.id()).orElseThrow());
                changeLog.record(Entity.FRIEND, Op.UPDATED, row.id(), accepter, Set.of(row.userId()), friend);
            }
        }
        friends.repointDeleted(placeholder, accepter);
    }

    private Friend view(FriendRepository.Row row) {
        return row.view(!users.registered(Set.of(row.friendUserId())).isEmpty());
    }

    private static ApiException notFound() {
        return ApiException.notFound("Friend");
    }
}
