package app.hisaab.user;

import java.util.UUID;

/**
 * What other features need to know of any user id: whether it is a registered account, and for a
 * placeholder, who owns it.
 */
public record Person(UUID id, String name, boolean registered, UUID ownerId, UUID mergedInto) {}
