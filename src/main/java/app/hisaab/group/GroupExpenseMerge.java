package app.hisaab.group;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.PlaceholderClaimed;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * When an invite is accepted, the placeholder's shares, payments and authorship pass to the accepter.
 * The accepter receives each live expense as added (or updated, if they took part already or are a
 * member of its group); every other participant, and every member of its group, receives it as updated.
 * The placeholder's memberships pass to the accepter later ({@link GroupMerge}), so the members here are
 * those from before the accept.
 */
@Component
class GroupExpenseMerge {

    private final GroupExpenseRepository expenses;
    private final GroupRepository groups;
    private final ChangeLog changeLog;
    private final Clock clock;

    GroupExpenseMerge(GroupExpenseRepository expenses, GroupRepository groups, ChangeLog changeLog, Clock clock) {
        this.expenses = expenses;
        this.groups = groups;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @EventListener
    @Order(PlaceholderClaimed.GROUP_EXPENSES)
    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(PlaceholderClaimed claimed) {
        UUID placeholder = claimed.placeholder();
        UUID accepter = claimed.accepter();
        Map<UUID, Boolean> changed =
                expenses.merge(placeholder, accepter, clock.instant().truncatedTo(ChronoUnit.MICROS));
        changed.forEach((id, accepterTookPart) -> {
            GroupExpenseRepository.Row row = expenses.find(id).orElseThrow();
            if (row.deletedAt() != null) {
                return;
            }
            GroupExpense expense = GroupExpenseViews.view(row);
            Set<UUID> recipients = new LinkedHashSet<>(expense.participants());
            if (row.groupId() != null) {
                groups.find(row.groupId()).ifPresent(group -> recipients.addAll(group.memberIds()));
            }
            boolean accepterSawIt =
                    accepterTookPart || (row.groupId() != null && groups.isMember(row.groupId(), accepter));
            Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
            for (UUID recipient : recipients) {
                Op op = recipient.equals(accepter) && !accepterSawIt ? Op.ADDED : Op.UPDATED;
                deliveries.put(recipient, new ChangeLog.Delivery(op, expense));
            }
            changeLog.recordEach(Entity.GROUP_EXPENSE, id, accepter, deliveries);
        });
    }
}
