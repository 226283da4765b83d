package app.hisaab.group;

import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may see and change an expense, and the group locks its writes take: between friends the
 * participants; in a group its members as well, with the group held (shared) until commit so that
 * nobody named can leave it meanwhile.
 */
@Component
class GroupExpenseAccess {

    private final GroupExpenseRepository expenses;
    private final GroupService groups;

    GroupExpenseAccess(GroupExpenseRepository expenses, GroupService groups) {
        this.expenses = expenses;
        this.groups = groups;
    }

    /** An expense locked for a change, and its group as locked for it. */
    record Locked(GroupExpenseRepository.Row row, ExpenseScope scope) {}

    /** A group's members see its expenses; the others only those they take part in. Others get 404. */
    GroupExpenseRepository.Row visible(UUID me, GroupExpenseRepository.Row row) {
        if (row == null
                || row.deletedAt() != null
                || !(row.hasParticipant(me) || (row.groupId() != null && groups.isMember(row.groupId(), me)))) {
            throw ApiException.notFound("Group expense");
        }
        return row;
    }

    /**
     * Locks an expense the caller may change: its group first (shared, so its members cannot change
     * until commit; the order every group write takes), then the expense. A group's expenses are changed
     * by its members; a participant who left the group still sees the expense but may not change it
     * (403).
     */
    Locked lockToChange(UUID me, UUID id) {
        GroupExpenseRepository.Row seen = visible(me, expenses.find(id).orElse(null));
        ExpenseScope scope = ExpenseScope.FRIENDS;
        if (seen.groupId() != null) {
            GroupService.Membership group =
                    groups.lockForMoney(seen.groupId()).orElseThrow(() -> ApiException.notFound("Group expense"));
            if (!group.hasMember(me)) {
                throw ApiException.forbidden("Only members of the group may change its expenses");
            }
            scope = new ExpenseScope(group, false);
        }
        return new Locked(visible(me, expenses.lock(id).orElse(null)), scope);
    }

    /**
     * The group a create names, locked (shared) until commit; rejected (the field named) when it is not a
     * group of the caller's.
     */
    ExpenseScope scope(Input input, UUID me, String groupId) {
        if (groupId == null) {
            return ExpenseScope.FRIENDS;
        }
        UUID id = input.id("groupId", groupId, "must be a group id (UUID)");
        if (id == null) {
            return ExpenseScope.REJECTED;
        }
        Optional<GroupService.Membership> group = groups.lockForMoney(id).filter(g -> g.hasMember(me));
        if (group.isEmpty()) {
            input.reject("groupId", "is not a group of yours");
            return ExpenseScope.REJECTED;
        }
        return new ExpenseScope(group.get(), false);
    }

    /** An expense stays in the group it was made in. */
    static void checkSameGroup(Input input, GroupExpenseRepository.Row row, String groupId) {
        if (groupId != null && !Objects.equals(Input.parseId(groupId), row.groupId())) {
            input.reject("groupId", "cannot be changed");
        }
    }
}
