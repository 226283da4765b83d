package app.hisaab.group;

import java.util.Set;
import java.util.UUID;

/**
 * The group an expense belongs to, as the writing transaction locked it ({@code group} null for an
 * expense between friends); {@code rejected} when the request named a group that is not the caller's.
 */
record ExpenseScope(GroupService.Membership group, boolean rejected) {

    static final ExpenseScope FRIENDS = new ExpenseScope(null, false);

    static final ExpenseScope REJECTED = new ExpenseScope(null, true);

    Set<UUID> members() {
        return group == null ? Set.of() : group.members().keySet();
    }
}
