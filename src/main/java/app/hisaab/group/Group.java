package app.hisaab.group;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A group as every member sees it. {@code currency} is the default of its expenses; {@code members} are
 * in the order they joined.
 */
record Group(
        UUID id,
        String name,
        String currency,
        boolean simplifyDebts,
        List<Member> members,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    /** A member: the account name once registered, else the name the member who added them gave. */
    record Member(UUID userId, String name, boolean registered) {}
}
