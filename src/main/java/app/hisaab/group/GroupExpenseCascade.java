package app.hisaab.group;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a change of a group's members does to its expenses: every member sees them, so a member who
 * joins receives each one that is new to them as added, one who leaves each one that does not name them
 * as deleted, and a deleted group takes its expenses along. Runs inside the membership change, after
 * the group and the feeds concerned are locked.
 */
@Component
class GroupExpenseCascade {

    private final GroupExpenseRepository expenses;
    private final ChangeLog changeLog;
    private final Clock clock;

    GroupExpenseCascade(GroupExpenseRepository expenses, ChangeLog changeLog, Clock clock) {
        this.expenses = expenses;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /** Everyone who takes part in one of the group's live expenses. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<UUID> participants(UUID groupId) {
        return expenses.participantsInGroup(groupId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void memberJoined(UUID groupId, UUID member, UUID actor) {
        for (GroupExpenseRepository.Row row : expenses.inGroup(groupId)) {
            if (!row.hasParticipant(member)) {
                changeLog.record(
                        Entity.GROUP_EXPENSE, Op.ADDED, row.id(), actor, Set.of(member), GroupExpenseViews.view(row));
            }
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void memberLeft(UUID groupId, UUID member, UUID actor) {
        for (GroupExpenseRepository.Row row : expenses.inGroup(groupId)) {
            if (!row.hasParticipant(member)) {
                changeLog.recordDeleted(Entity.GROUP_EXPENSE, row.id(), actor, Set.of(member));
            }
        }
    }

    /** Soft-deletes every live expense of the group; participants and members receive the deletion. */
    @Transactional(propagation = Propagation.MANDATORY)
    void deleteAll(UUID groupId, UUID actor, Collection<UUID> members) {
        for (GroupExpenseRepository.Row row : expenses.inGroup(groupId)) {
            expenses.softDelete(row.id(), actor, clock.instant().truncatedTo(ChronoUnit.MICROS));
            Set<UUID> recipients = new LinkedHashSet<>(row.participants());
            recipients.addAll(members);
            changeLog.recordDeleted(Entity.GROUP_EXPENSE, row.id(), actor, recipients);
        }
    }
}
