package app.hisaab.user;

import java.util.UUID;

/**
 * A feature that keeps rows naming users implements this, so that when an invite is accepted every
 * row naming the placeholder comes to name the accepter. {@link UserService#mergePlaceholder} runs all
 * of them in the accepting transaction; a feature added later joins by implementing it.
 */
public interface PlaceholderMerge {

    /**
     * Rewrites this feature's rows from {@code placeholder} to {@code accepter} and records the changes
     * that make them visible to the users concerned. {@code inviter} owns the placeholder.
     */
    void merge(UUID placeholder, UUID accepter, UUID inviter);
}
