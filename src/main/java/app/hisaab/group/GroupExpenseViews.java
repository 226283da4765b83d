package app.hisaab.group;

import app.hisaab.money.Money;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** How a stored expense looks to its readers, and what of it a change compares. */
final class GroupExpenseViews {

    private GroupExpenseViews() {}

    static GroupExpense view(GroupExpenseRepository.Row row) {
        Map<UUID, String> splits = new LinkedHashMap<>();
        Map<UUID, String> values = new LinkedHashMap<>();
        for (GroupExpenseRepository.Share share : row.shares()) {
            splits.put(share.userId(), Money.format(share.amountMinor(), row.currency()));
            if (share.splitValue() != null) {
                values.put(share.userId(), share.splitValue());
            }
        }
        return new GroupExpense(
                row.id(),
                row.groupId(),
                row.title(),
                row.description(),
                Money.format(row.totalMinor(), row.currency()),
                row.currency(),
                row.paidBy(),
                row.participants(),
                row.splitMode(),
                splits,
                values.isEmpty() ? null : values,
                row.date(),
                row.createdBy(),
                row.updatedBy(),
                row.createdAt(),
                row.updatedAt(),
                row.version());
    }

    /** A new expense as {@link #view(GroupExpenseRepository.Row)} would show it once stored. */
    static GroupExpense view(UUID id, GroupExpenseRepository.Content content, UUID me, Instant now) {
        return view(new GroupExpenseRepository.Row(
                id,
                content.groupId(),
                content.title(),
                content.description(),
                content.totalMinor(),
                content.currency(),
                content.paidBy(),
                content.splitMode(),
                content.date(),
                me,
                me,
                now,
                now,
                1,
                null,
                content.shares()));
    }

    /** The fields of a stored expense that a write gives, to tell a replay or a change that changes nothing. */
    static GroupExpenseRepository.Content content(GroupExpenseRepository.Row row) {
        return new GroupExpenseRepository.Content(
                row.groupId(),
                row.title(),
                row.description(),
                row.totalMinor(),
                row.currency(),
                row.paidBy(),
                row.splitMode(),
                row.date(),
                row.shares());
    }
}
