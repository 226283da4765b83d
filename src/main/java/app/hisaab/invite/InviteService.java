package app.hisaab.invite;

import app.hisaab.friend.Friend;
import app.hisaab.friend.FriendService;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.Person;
import app.hisaab.user.Phone;
import app.hisaab.user.User;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Invites: how a placeholder friend becomes a linked account. */
@Service
public class InviteService {

    static final String LINK_PREFIX = "expense://invite/";

    /** 192 random bits: far past guessing, 32 URL-safe characters. */
    private static final int CODE_BYTES = 24;

    private static final int CODE_MAX = 64;

    private final InviteRepository invites;
    private final FriendService friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final InviteProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    InviteService(
            InviteRepository invites,
            FriendService friends,
            UserService users,
            ChangeLog changeLog,
            InviteProperties properties,
            Clock clock) {
        this.invites = invites;
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.properties = properties;
        this.clock = clock;
    }

    record NewInvite(String friendName, String friendPhone, String friendEmail, String friendUserId) {}

    record Accepted(String message, Friend friend) {}

    @Transactional
    Invite create(UUID me, NewInvite request) {
        Input input = new Input();
        boolean forFriend =
                request.friendUserId() != null && !request.friendUserId().isBlank();
        UUID friendUserId = input.optionalId("friendUserId", request.friendUserId());
        String name = !forFriend
                ? input.text("friendName", request.friendName(), Input.NAME_MAX)
                : input.optionalText("friendName", request.friendName(), Input.NAME_MAX);
        String phone = Phone.optional(input, "friendPhone", request.friendPhone());
        String email = input.optionalEmail("friendEmail", request.friendEmail());
        input.validate();

        UUID placeholder;
        if (friendUserId != null) {
            Friend friend = friends.friendship(me, friendUserId)
                    .filter(f -> isOwnPlaceholder(me, f.friendUserId()))
                    .orElseThrow(() ->
                            ApiException.invalid("friendUserId", "must be one of your friends who has no account yet"));
            placeholder = friend.friendUserId();
            name = name != null ? name : friend.name();
            phone = phone != null ? phone : friend.phone();
            email = email != null ? email : friend.email();
        } else {
            placeholder = friends.addPlaceholder(me, name, phone, email).friendUserId();
        }

        Instant now = clock.instant();
        if (invites.lockAndCountPending(me, now) >= properties.maxPending()) {
            throw ApiException.conflict("The limit of " + properties.maxPending()
                    + " pending invites is reached: revoke one or wait until one is accepted or expires");
        }
        UUID id = UUID.randomUUID();
        invites.insert(id, newCode(), me, placeholder, name, phone, email, now.plus(properties.ttl()), now);
        Invite invite = invites.find(id).orElseThrow().view(now);
        changeLog.record(Entity.INVITE, Op.ADDED, id, me, Set.of(me), invite);
        return invite;
    }

    private boolean isOwnPlaceholder(UUID me, UUID userId) {
        Optional<Person> person = users.person(userId);
        return person.isPresent()
                && !person.get().registered()
                && me.equals(person.get().ownerId())
                && person.get().mergedInto() == null;
    }

    private String newCode() {
        byte[] bytes = new byte[CODE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A page of the invites the user created, newest first (createdAt, then id). */
    @Transactional(readOnly = true)
    Page<Invite> list(UUID me, String limitText, String before) {
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        input.validate();
        // Page.Position refuses a cursor dated outside 1900..9999 itself.
        Page.Position position = Page.Position.before(before);
        Instant now = clock.instant();
        List<Invite> rows = invites.byInviter(me, position.date(), position.id(), limit + 1).stream()
                .map(row -> row.view(now))
                .toList();
        return Page.of(rows, limit, Invite::createdAt, Invite::id);
    }

    @Transactional
    void revoke(UUID me, UUID id) {
        InviteRepository.Row row = invites.lock(id)
                .filter(r -> r.inviterId().equals(me))
                .orElseThrow(() -> ApiException.notFound("Invite"));
        if ("accepted".equals(row.status())) {
            throw ApiException.conflict("This invite has been accepted already");
        }
        if (row.pending()) {
            Instant now = clock.instant();
            invites.revoke(id, now);
            changeLog.record(
                    Entity.INVITE,
                    Op.UPDATED,
                    id,
                    me,
                    Set.of(me),
                    invites.find(id).orElseThrow().view(now));
        }
    }

    /**
     * Accepts an invite: the placeholder it is for is merged into the accepter, and inviter and accepter
     * become friends both ways, all in this one transaction.
     */
    @Transactional
    Accepted accept(UUID me, String inviteCode) {
        if (inviteCode == null || inviteCode.isBlank()) {
            throw ApiException.invalid("inviteCode", "is required");
        }
        String code = inviteCode.trim();
        if (code.length() > CODE_MAX || Input.hasControlCharacters(code)) {
            throw new InvalidInvite();
        }
        InviteRepository.Row found = invites.findByCode(code).orElseThrow(InvalidInvite::new);
        if (found.inviterId().equals(me)) {
            throw ApiException.badRequest("You cannot accept your own invite");
        }
        invites.lockPlaceholder(found.placeholderId());
        InviteRepository.Row invite = invites.lock(found.id()).orElseThrow(InvalidInvite::new);
        Instant now = clock.instant();
        User inviter = users.get(invite.inviterId());

        if ("accepted".equals(invite.status())) {
            if (!me.equals(invite.acceptedBy())) {
                throw new InvalidInvite();
            }
            // Accepted by this user before: the same answer, and only a friendship removed since comes back.
            changeLog.lockFeeds(Set.of(me, inviter.id()));
            return new Accepted(
                    "Invite already accepted", friends.befriend(me, inviter.id(), inviter.name(), null, null));
        }
        if (!invite.pending() || invite.expiredAt(now)) {
            throw new InvalidInvite();
        }

        changeLog.lockFeeds(Set.of(me, inviter.id()));
        invites.accept(invite.id(), me, now);
        users.mergePlaceholder(invite.placeholderId(), me, inviter.id());
        changeLog.record(
                Entity.INVITE,
                Op.UPDATED,
                invite.id(),
                me,
                Set.of(inviter.id()),
                invites.find(invite.id()).orElseThrow().view(now));
        // The inviter keeps the alias of the placeholder friendship, now pointing at the accepter; this
        // only adds one when the inviter had removed that friendship meanwhile.
        friends.befriend(inviter.id(), me, invite.friendName(), invite.friendPhone(), invite.friendEmail());
        Friend friend = friends.befriend(me, inviter.id(), inviter.name(), null, null);
        return new Accepted("Invite accepted", friend);
    }

    /** Invites for a merged placeholder name the accepter; the other pending ones can no longer be used. */
    @Transactional(propagation = Propagation.MANDATORY)
    void mergePlaceholder(UUID placeholder, UUID accepter) {
        Instant now = clock.instant();
        List<InviteRepository.Row> pending = invites.lockPendingFor(placeholder);
        invites.repoint(placeholder, accepter);
        for (InviteRepository.Row row : pending) {
            invites.revoke(row.id(), now);
            changeLog.record(
                    Entity.INVITE,
                    Op.UPDATED,
                    row.id(),
                    accepter,
                    Set.of(row.inviterId()),
                    invites.find(row.id()).orElseThrow().view(now));
        }
    }
}
