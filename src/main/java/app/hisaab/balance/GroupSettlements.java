package app.hisaab.balance;

import app.hisaab.group.GroupEvent;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a change of a group's members does to its settlements, which every member sees: a member who
 * joins receives each one that does not name them as added, one who leaves as deleted, and a deleted
 * group takes its settlements along. Runs inside the membership change, after the group is locked.
 */
@Component
class GroupSettlements {

    private final SettlementRepository settlements;
    private final ChangeLog changeLog;
    private final Clock clock;

    GroupSettlements(SettlementRepository settlements, ChangeLog changeLog, Clock clock) {
        this.settlements = settlements;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void joined(GroupEvent.MemberJoined joined) {
        for (SettlementRepository.Row row : settlements.inGroup(joined.groupId())) {
            if (!row.hasParty(joined.memberId())) {
                changeLog.record(
                        Entity.SETTLEMENT,
                        Op.ADDED,
                        row.id(),
                        joined.actorId(),
                        Set.of(joined.memberId()),
                        SettlementService.view(row));
            }
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void left(GroupEvent.MemberLeft left) {
        for (SettlementRepository.Row row : settlements.inGroup(left.groupId())) {
            if (!row.hasParty(left.memberId())) {
                changeLog.recordDeleted(Entity.SETTLEMENT, row.id(), left.actorId(), Set.of(left.memberId()));
            }
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleted(GroupEvent.Deleted deleted) {
        for (SettlementRepository.Row row : settlements.inGroup(deleted.groupId())) {
            settlements.softDelete(row.id(), clock.instant().truncatedTo(ChronoUnit.MICROS));
            Set<UUID> recipients = new LinkedHashSet<>(List.of(row.fromUserId(), row.toUserId()));
            recipients.addAll(deleted.members());
            changeLog.recordDeleted(Entity.SETTLEMENT, row.id(), deleted.actorId(), recipients);
        }
    }
}
