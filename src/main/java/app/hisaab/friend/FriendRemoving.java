package app.hisaab.friend;

import java.util.UUID;

/**
 * {@code userId} is about to remove their friendship with {@code friendUserId}. Published synchronously
 * inside the removing transaction, after the friendship is locked and before anything is written; a
 * listener refuses the removal by throwing an {@code ApiException} (the balance feature does while money
 * is open between the two). An event rather than a call, because the balance feature depends on this
 * one: the friend feature names no feature above it.
 */
public record FriendRemoving(UUID userId, UUID friendUserId) {}
