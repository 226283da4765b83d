package app.hisaab.group;

import app.hisaab.money.AmountInput;
import app.hisaab.money.Money;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.web.Input;
import app.hisaab.web.Versions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replacing, patching and deleting an expense, each in one transaction that holds the expense (and its
 * group) locked from the checks to the commit.
 */
@Service
class GroupExpenseChanges {

    private final GroupExpenseRepository expenses;
    private final GroupExpenseValidation validation;
    private final GroupExpenseAccess access;
    private final ChangeLog changeLog;
    private final Clock clock;

    GroupExpenseChanges(
            GroupExpenseRepository expenses,
            GroupExpenseValidation validation,
            GroupExpenseAccess access,
            ChangeLog changeLog,
            Clock clock) {
        this.expenses = expenses;
        this.validation = validation;
        this.access = access;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /** PUT: the body replaces the expense; absent optional fields take their defaults. */
    @Transactional
    GroupExpense replace(UUID me, UUID id, GroupExpenseRequest request, Integer expectedVersion) {
        return change(me, id, request, expectedVersion, row -> request);
    }

    /** PATCH: absent fields keep their values; the result must be a valid expense as a whole. */
    @Transactional
    GroupExpense patch(UUID me, UUID id, GroupExpenseRequest patch, Integer expectedVersion) {
        return change(me, id, patch, expectedVersion, row -> merge(row, patch));
    }

    @Transactional
    void delete(UUID me, UUID id, Integer expectedVersion) {
        GroupExpenseAccess.Locked locked = access.lockToChange(me, id);
        GroupExpenseRepository.Row row = locked.row();
        Versions.check(expectedVersion, row.version(), GroupExpenseViews.view(row));
        expenses.softDelete(id, me, now());
        Set<UUID> recipients = new LinkedHashSet<>(row.participants());
        recipients.addAll(locked.scope().members());
        changeLog.recordDeleted(Entity.GROUP_EXPENSE, id, me, recipients);
    }

    /**
     * Locks the expense, checks the version and that it stays in its group, then validates the whole
     * expense {@code whole} makes of the stored row and the request, and writes it.
     */
    private GroupExpense change(
            UUID me,
            UUID id,
            GroupExpenseRequest request,
            Integer expectedVersion,
            Function<GroupExpenseRepository.Row, GroupExpenseRequest> whole) {
        GroupExpenseAccess.Locked locked = access.lockToChange(me, id);
        GroupExpenseRepository.Row row = locked.row();
        Versions.check(expectedVersion, row.version(), GroupExpenseViews.view(row));
        Input input = new Input();
        GroupExpenseAccess.checkSameGroup(input, row, request.groupId());
        GroupExpenseRepository.Content content = validation.validate(
                input, me, whole.apply(row), new HashSet<>(row.participants()), row.currency(), locked.scope(), false);
        return write(me, row, content, locked.scope());
    }

    private GroupExpense write(
            UUID me, GroupExpenseRepository.Row row, GroupExpenseRepository.Content content, ExpenseScope scope) {
        if (GroupExpenseViews.content(row).equals(content)) {
            // Nothing changes: no new version, no change for anyone.
            return GroupExpenseViews.view(row);
        }
        expenses.update(row.id(), content, me, now());
        GroupExpense updated = GroupExpenseViews.view(expenses.find(row.id()).orElseThrow());
        // Who saw it and still does gets it as updated, who sees it now as added, who no longer does as
        // deleted. The group's members see it throughout.
        Set<UUID> before = new LinkedHashSet<>(row.participants());
        before.addAll(scope.members());
        Set<UUID> after = new LinkedHashSet<>(updated.participants());
        after.addAll(scope.members());
        Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
        for (UUID user : after) {
            Op op = before.remove(user) ? Op.UPDATED : Op.ADDED;
            deliveries.put(user, new ChangeLog.Delivery(op, updated));
        }
        before.forEach(removed -> deliveries.put(removed, new ChangeLog.Delivery(Op.DELETED, null)));
        changeLog.recordEach(Entity.GROUP_EXPENSE, row.id(), me, deliveries);
        return updated;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The stored expense turned back into a request, overlaid with the fields a PATCH gives. */
    private static GroupExpenseRequest merge(GroupExpenseRepository.Row row, GroupExpenseRequest patch) {
        SplitMode storedMode = SplitMode.fromWire(row.splitMode());
        String mode = patch.splitMode();
        if (mode == null) {
            // Splits without a mode keep a percent/shares/exact expense's mode; an equal one becomes exact.
            mode = patch.splits() != null && storedMode == SplitMode.EQUAL ? "exact" : row.splitMode();
        }
        Map<String, AmountInput> splits = patch.splits();
        if (splits == null && storedMode != SplitMode.EQUAL) {
            splits = new LinkedHashMap<>();
            for (GroupExpenseRepository.Share share : row.shares()) {
                String value = storedMode == SplitMode.EXACT || share.splitValue() == null
                        ? Money.format(share.amountMinor(), row.currency())
                        : share.splitValue();
                splits.put(share.userId().toString(), new AmountInput(value));
            }
        }
        return new GroupExpenseRequest(
                null,
                null,
                patch.title() != null ? patch.title() : row.title(),
                patch.description() != null ? patch.description() : row.description(),
                patch.totalAmount() != null
                        ? patch.totalAmount()
                        : new AmountInput(Money.format(row.totalMinor(), row.currency())),
                patch.currency() != null ? patch.currency() : row.currency(),
                patch.paidBy() != null ? patch.paidBy() : row.paidBy().toString(),
                patch.participants() != null
                        ? patch.participants()
                        : row.participants().stream().map(UUID::toString).toList(),
                mode,
                splits,
                patch.date() != null ? patch.date() : row.date().toString(),
                null);
    }
}
