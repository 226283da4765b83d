package app.hisaab.group;

import app.hisaab.friend.FriendService;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import app.hisaab.web.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is in a group: adding and removing members, and deleting the group with everything that names it.
 * Each use case locks the group row first ({@code FOR UPDATE}), so it waits for writes of the group's
 * money in flight (which share that lock) and they wait for it; then it locks the feeds of everyone it
 * records a change for, in one order, before recording any.
 */
@Service
class GroupMembership {

    private final GroupRepository groups;
    private final GroupService service;
    private final GroupExpenseCascade expenses;
    private final FriendService friends;
    private final UserService users;
    private final ChangeLog changeLog;
    private final ApplicationEventPublisher events;
    private final GroupProperties properties;

    GroupMembership(
            GroupRepository groups,
            GroupService service,
            GroupExpenseCascade expenses,
            FriendService friends,
            UserService users,
            ChangeLog changeLog,
            ApplicationEventPublisher events,
            GroupProperties properties) {
        this.groups = groups;
        this.service = service;
        this.expenses = expenses;
        this.friends = friends;
        this.users = users;
        this.changeLog = changeLog;
        this.events = events;
        this.properties = properties;
    }

    /**
     * Adds one of the caller's friends. Someone who is a member already: the group as it is, nothing
     * changes (checked before the friend rule).
     */
    @Transactional
    Group add(UUID me, UUID groupId, String userText) {
        GroupRepository.Row row = GroupService.visible(me, groups.lock(groupId).orElse(null));
        Input input = new Input();
        UUID user = userText == null || userText.isBlank()
                ? null
                : input.id("userId", userText, "must be a user id (UUID)");
        if (userText == null || userText.isBlank()) {
            input.reject("userId", "is required");
        }
        input.validate();
        if (row.hasMember(user)) {
            return service.view(row);
        }
        if (!friends.isFriend(me, user)) {
            throw ApiException.invalid("userId", "is not your friend");
        }
        if (row.members().size() >= properties.maxMembers()) {
            throw ApiException.conflict("This group has " + properties.maxMembers() + " members, the most allowed");
        }
        service.checkRoomFor(me, user);
        groups.addMember(groupId, user, service.nameGivenBy(me, user, friends.friendNames(me)), me, service.now());
        Group updated = service.view(groups.find(groupId).orElseThrow());
        List<UUID> everyone = new ArrayList<>(row.memberIds());
        everyone.add(user);
        changeLog.lockFeeds(everyone);
        Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
        for (UUID member : row.memberIds()) {
            deliveries.put(member, new ChangeLog.Delivery(Op.UPDATED, updated));
        }
        deliveries.put(user, new ChangeLog.Delivery(Op.ADDED, updated));
        changeLog.recordEach(Entity.GROUP, groupId, me, deliveries);
        // The new member sees the group's money from now on.
        expenses.memberJoined(groupId, user, me);
        events.publishEvent(new GroupEvent.MemberJoined(groupId, user, me));
        return updated;
    }

    /**
     * A member leaves or is removed, only while their group net is zero (the balance feature refuses
     * otherwise). When no registered member would remain, the group is deleted instead.
     */
    @Transactional
    void remove(UUID me, UUID groupId, String userText) {
        GroupRepository.Row row = GroupService.visible(me, groups.lock(groupId).orElse(null));
        UUID user = Input.parseId(userText);
        if (user == null || !row.hasMember(user)) {
            throw ApiException.notFound("Member");
        }
        events.publishEvent(new GroupEvent.MemberLeaving(groupId, user));
        List<UUID> remaining =
                row.memberIds().stream().filter(m -> !m.equals(user)).toList();
        if (users.registered(remaining).isEmpty()) {
            deleteLocked(me, row);
            return;
        }
        groups.removeMember(groupId, user, service.now());
        Group updated = service.view(groups.find(groupId).orElseThrow());
        Set<UUID> concerned = new LinkedHashSet<>(row.memberIds());
        concerned.addAll(expenses.participants(groupId));
        changeLog.lockFeeds(concerned);
        Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
        deliveries.put(user, new ChangeLog.Delivery(Op.DELETED, null));
        for (UUID member : remaining) {
            deliveries.put(member, new ChangeLog.Delivery(Op.UPDATED, updated));
        }
        changeLog.recordEach(Entity.GROUP, groupId, me, deliveries);
        expenses.memberLeft(groupId, user, me);
        events.publishEvent(new GroupEvent.MemberLeft(groupId, user, me));
    }

    /** Deletes the group, only while every group net is zero, with its expenses and settlements. */
    @Transactional
    void delete(UUID me, UUID groupId, Integer expectedVersion) {
        GroupRepository.Row row = GroupService.visible(me, groups.lock(groupId).orElse(null));
        Versions.check(expectedVersion, row.version(), service.view(row));
        deleteLocked(me, row);
    }

    private void deleteLocked(UUID me, GroupRepository.Row row) {
        UUID groupId = row.id();
        events.publishEvent(new GroupEvent.Deleting(groupId));
        Set<UUID> concerned = new LinkedHashSet<>(row.memberIds());
        concerned.addAll(expenses.participants(groupId));
        changeLog.lockFeeds(concerned);
        // Children first, so that a client applying the feed in order never holds an orphan.
        expenses.deleteAll(groupId, me, row.memberIds());
        events.publishEvent(new GroupEvent.Deleted(groupId, me, Set.copyOf(row.memberIds())));
        groups.softDelete(groupId, service.now());
        changeLog.recordDeleted(Entity.GROUP, groupId, me, row.memberIds());
    }
}
