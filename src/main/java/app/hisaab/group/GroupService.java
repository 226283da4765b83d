package app.hisaab.group;

import app.hisaab.friend.FriendService;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.Person;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import app.hisaab.web.Versions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Groups of people (a trip, a flat, a team): creating, reading and renaming them; members see each other. */
@Service
public class GroupService {

    private final GroupRepository groups;
    private final FriendService friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final GroupProperties properties;
    private final Clock clock;

    GroupService(
            GroupRepository groups,
            FriendService friends,
            UserService users,
            ChangeLog changeLog,
            GroupProperties properties,
            Clock clock) {
        this.groups = groups;
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A group as other features need it: its default currency, whether its debts are simplified, and its
     * members (in the order they joined) with the name the group shows for each.
     */
    public record Membership(UUID groupId, String currency, boolean simplifyDebts, Map<UUID, String> members) {

        public boolean hasMember(UUID user) {
            return members.containsKey(user);
        }
    }

    @Transactional(readOnly = true)
    Group get(UUID me, UUID id) {
        return view(visible(me, groups.find(id).orElse(null)));
    }

    /** A page of the user's groups, newest first (createdAt, then id). */
    @Transactional(readOnly = true)
    Page<Group> list(UUID me, String limitText, String before) {
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        input.validate();
        Page.Position position = Page.Position.before(before);
        List<Group> rows = views(groups.list(me, position.date(), position.id(), limit + 1));
        return Page.of(rows, limit, Group::createdAt, Group::id);
    }

    @Transactional
    Created<Group> create(UUID me, GroupRequest request) {
        Input input = new Input();
        UUID requestedId = request.id() == null ? null : input.id("id", request.id());
        String name = input.text("name", request.name(), Input.NAME_MAX);
        String currency = input.currency("currency", request.currency(), null);
        boolean simplifyDebts = request.simplifyDebts() == null || request.simplifyDebts();
        List<UUID> members = members(input, me, request.members());
        input.validate();
        if (currency == null) {
            currency = users.get(me).defaultCurrency();
        }
        UUID id = requestedId != null ? requestedId : UUID.randomUUID();
        Content content = new Content(name, currency, simplifyDebts, Set.copyOf(members));
        if (requestedId != null) {
            Optional<GroupRepository.Row> existing = groups.find(id);
            if (existing.isPresent()) {
                return replayed(me, existing.get(), content);
            }
        }
        for (UUID member : members.stream().sorted().toList()) {
            checkRoomFor(me, member);
        }
        Map<UUID, String> aliases = friends.friendNames(me);
        List<GroupRepository.NewMember> rows = new ArrayList<>();
        for (UUID member : members) {
            rows.add(new GroupRepository.NewMember(member, nameGivenBy(me, member, aliases)));
        }
        if (!groups.insert(id, name, currency, simplifyDebts, rows, me, now())) {
            // A create with the same id committed meanwhile.
            return replayed(me, groups.find(id).orElseThrow(), content);
        }
        Group created = view(groups.find(id).orElseThrow());
        changeLog.record(Entity.GROUP, Op.ADDED, id, me, members, created);
        return Created.created(created);
    }

    /** What an idempotent replay compares: members as a set. */
    private record Content(String name, String currency, boolean simplifyDebts, Set<UUID> members) {}

    private Created<Group> replayed(UUID me, GroupRepository.Row row, Content content) {
        Content stored = new Content(row.name(), row.currency(), row.simplifyDebts(), Set.copyOf(row.memberIds()));
        return Created.replayed(
                row.createdBy().equals(me) && row.deletedAt() == null && stored.equals(content), () -> view(row));
    }

    /**
     * The members a create names: you first, then the others in the order given, each once; every other
     * one must be your friend.
     */
    private List<UUID> members(Input input, UUID me, List<String> given) {
        Set<UUID> members = new LinkedHashSet<>();
        members.add(me);
        if (given == null) {
            return List.copyOf(members);
        }
        Map<UUID, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "members[" + i + "]";
            UUID member = input.id(field, given.get(i), "must be a user id (UUID)");
            if (member != null && members.add(member)) {
                fields.put(member, field);
            }
        }
        if (members.size() > properties.maxMembers()) {
            input.reject("members", "must have at most " + properties.maxMembers() + " people");
            return List.copyOf(members);
        }
        Set<UUID> friendIds = friends.friendsAmong(me, fields.keySet());
        fields.forEach((member, field) -> {
            if (!friendIds.contains(member)) {
                input.reject(field, "is not your friend");
            }
        });
        return List.copyOf(members);
    }

    /** Refuses a new membership past {@link GroupProperties#maxGroupsPerUser()}; holds the user's memberships. */
    void checkRoomFor(UUID me, UUID member) {
        if (groups.lockAndCountGroupsOf(member) >= properties.maxGroupsPerUser()) {
            throw ApiException.conflict(
                    member.equals(me)
                            ? "You are in " + properties.maxGroupsPerUser()
                                    + " groups, the most allowed: leave one first"
                            : "This person is in " + properties.maxGroupsPerUser() + " groups, the most allowed");
        }
    }

    /** The name {@code adder} gives {@code member}: their own account name, else their alias for a friend. */
    String nameGivenBy(UUID adder, UUID member, Map<UUID, String> aliases) {
        String alias = member.equals(adder) ? null : aliases.get(member);
        return alias != null ? alias : users.get(member).name();
    }

    /** PATCH: name, currency and simplifyDebts; absent fields keep their values. Any member may. */
    @Transactional
    Group patch(UUID me, UUID id, GroupRequest patch, Integer expectedVersion) {
        GroupRepository.Row row = visible(me, groups.lock(id).orElse(null));
        Input input = new Input();
        String name = patch.name() == null ? row.name() : input.text("name", patch.name(), Input.NAME_MAX);
        String currency = input.currency("currency", patch.currency(), row.currency());
        boolean simplifyDebts = patch.simplifyDebts() == null ? row.simplifyDebts() : patch.simplifyDebts();
        input.validate();
        Group current = view(row);
        Versions.check(expectedVersion, row.version(), current);
        if (name.equals(row.name()) && currency.equals(row.currency()) && simplifyDebts == row.simplifyDebts()) {
            // Nothing changes: no new version, no change for anyone.
            return current;
        }
        groups.update(id, name, currency, simplifyDebts, now());
        Group updated = view(groups.find(id).orElseThrow());
        changeLog.record(Entity.GROUP, Op.UPDATED, id, me, row.memberIds(), updated);
        return updated;
    }

    /** The group as its member {@code me} sees it; 404 when it does not exist or {@code me} is no member. */
    @Transactional(readOnly = true)
    public Membership membership(UUID me, UUID groupId) {
        return membership(visible(me, groups.find(groupId).orElse(null)));
    }

    /**
     * Locks the group for a write of its money (shared with other such writes, exclusive of membership
     * changes, until commit), so that its members cannot change before the write commits; empty when
     * the group does not exist or is deleted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Membership> lockForMoney(UUID groupId) {
        return groups.lockShared(groupId).filter(row -> row.deletedAt() == null).map(this::membership);
    }

    /** The members of the user's groups other than the user, each with the name a group shows for them. */
    @Transactional(readOnly = true)
    public Map<UUID, String> fellowMemberNames(UUID me) {
        Map<UUID, String> fellows = groups.fellows(me);
        Map<UUID, Person> people = users.people(fellows.keySet());
        Map<UUID, String> names = new LinkedHashMap<>();
        fellows.forEach((user, name) -> names.put(user, shownName(people.get(user), name)));
        return names;
    }

    /** True when the user is a member of the group (a deleted group has no members). */
    @Transactional(readOnly = true)
    public boolean isMember(UUID groupId, UUID user) {
        return groups.isMember(groupId, user);
    }

    /** True when the two are members of one group. */
    @Transactional(readOnly = true)
    public boolean shareAGroup(UUID me, UUID other) {
        return groups.shareAGroup(me, other);
    }

    /** Groups the user may not see are 404, exactly like groups that do not exist. */
    static GroupRepository.Row visible(UUID me, GroupRepository.Row row) {
        if (row == null || row.deletedAt() != null || !row.hasMember(me)) {
            throw ApiException.notFound("Group");
        }
        return row;
    }

    private Membership membership(GroupRepository.Row row) {
        Map<UUID, String> members = new LinkedHashMap<>();
        view(row).members().forEach(member -> members.put(member.userId(), member.name()));
        return new Membership(row.id(), row.currency(), row.simplifyDebts(), members);
    }

    Group view(GroupRepository.Row row) {
        return views(List.of(row)).get(0);
    }

    List<Group> views(List<GroupRepository.Row> rows) {
        Set<UUID> ids = new LinkedHashSet<>();
        rows.forEach(row -> ids.addAll(row.memberIds()));
        Map<UUID, Person> people = users.people(ids);
        return rows.stream()
                .map(row -> new Group(
                        row.id(),
                        row.name(),
                        row.currency(),
                        row.simplifyDebts(),
                        row.members().stream()
                                .map(m -> {
                                    Person person = people.get(m.userId());
                                    return new Group.Member(
                                            m.userId(),
                                            shownName(person, m.name()),
                                            person != null && person.registered());
                                })
                                .toList(),
                        row.createdBy(),
                        row.createdAt(),
                        row.updatedAt(),
                        row.version()))
                .toList();
    }

    /** A member's account name once registered, else the name the member who added them gave. */
    private static String shownName(Person person, String givenName) {
        return person != null && person.registered() ? person.name() : givenName;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
