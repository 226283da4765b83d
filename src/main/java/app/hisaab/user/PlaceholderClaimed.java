package app.hisaab.user;

import java.util.UUID;

/**
 * An invite for {@code placeholder} was accepted by {@code accepter}: every row naming the placeholder
 * must come to name the accepter. {@code inviter} owns the placeholder.
 *
 * <p>{@link UserService#mergePlaceholder} publishes it synchronously inside the accepting transaction,
 * then marks the placeholder merged. Each feature that keeps rows naming users handles it with a plain
 * {@code @EventListener} (never an after-commit one) that rewrites its own rows and records the changes
 * for the users concerned, so a failure in any listener rolls the whole accept back. Listeners run in
 * the order of the constants below ({@code @Order}); a feature added later takes a free slot:
 *
 * <ol>
 *   <li>{@link #FRIENDS}: friendships first, so every later step sees the accepter as the owner's
 *       friend;
 *   <li>{@link #INVITES}: invites for the placeholder name the accepter, other pending ones are revoked;
 *   <li>{@link #SETTLEMENTS}, {@link #GROUP_EXPENSES}, {@link #UDHARI}: the money, each over its own
 *       tables (independent of each other; this is the order they ran in before the event).
 *   <li>{@link #GROUP_LOCKS} (before the money) locks the placeholder's groups, so that a merge takes
 *       group locks before expense and settlement rows as every group write does; {@link #GROUPS}
 *       (after the money) then gives the accepter the placeholder's memberships, so the money steps
 *       still see who was a member before.
 * </ol>
 */
public record PlaceholderClaimed(UUID placeholder, UUID accepter, UUID inviter) {

    public static final int FRIENDS = 100;
    public static final int INVITES = 200;
    public static final int GROUP_LOCKS = 250;
    public static final int SETTLEMENTS = 300;
    public static final int GROUP_EXPENSES = 400;
    public static final int UDHARI = 500;
    public static final int GROUPS = 600;
}
