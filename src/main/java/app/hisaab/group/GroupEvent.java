package app.hisaab.group;

import java.util.Set;
import java.util.UUID;

/**
 * What happens to a group, for the features whose objects name it (the balance feature's settlements).
 * Published synchronously inside the transaction that changes the group, after the group row is locked;
 * a listener refuses the change by throwing an {@code ApiException}. Events rather than calls because
 * the balance feature depends on this one: the group feature names no feature above it.
 */
public sealed interface GroupEvent {

    UUID groupId();

    /** A member is about to leave or be removed; refused (409) while their group net is not zero. */
    record MemberLeaving(UUID groupId, UUID memberId) implements GroupEvent {}

    /** The group is about to be deleted; refused (409) while any group net is not zero. */
    record Deleting(UUID groupId) implements GroupEvent {}

    /** A member joined: they now see the group's objects; record those that are new to them. */
    record MemberJoined(UUID groupId, UUID memberId, UUID actorId) implements GroupEvent {}

    /** A member left: they no longer see the group's objects that do not name them. */
    record MemberLeft(UUID groupId, UUID memberId, UUID actorId) implements GroupEvent {}

    /** The group is being deleted with everything that names it; {@code members} are its last members. */
    record Deleted(UUID groupId, UUID actorId, Set<UUID> members) implements GroupEvent {}
}
