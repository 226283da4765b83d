package app.hisaab.balance;

import app.hisaab.group.GroupService;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.PlaceholderClaimed;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * On invite accept, settlements naming the placeholder come to name the accepter. The accepter receives
 * each as added (updated if it is in a group they were a member of already), the other party and a
 * group's members as updated.
 */
@Component
class SettlementMerge {

    private final SettlementRepository settlements;
    private final GroupService groups;
    private final ChangeLog changeLog;
    private final Clock clock;

    SettlementMerge(SettlementRepository settlements, GroupService groups, ChangeLog changeLog, Clock clock) {
        this.settlements = settlements;
        this.groups = groups;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @EventListener
    @Order(PlaceholderClaimed.SETTLEMENTS)
    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(PlaceholderClaimed claimed) {
        UUID placeholder = claimed.placeholder();
        UUID accepter = claimed.accepter();
        List<UUID> ids =
                settlements.merge(placeholder, accepter, clock.instant().truncatedTo(ChronoUnit.MICROS));
        for (UUID id : ids) {
            SettlementRepository.Row row = settlements.find(id).orElseThrow();
            if (row.deletedAt() != null || !row.hasParty(accepter)) {
                continue;
            }
            Settlement settlement = SettlementService.view(row);
            // The placeholder's memberships pass to the accepter later (PlaceholderClaimed.GROUPS): these
            // are the members from before the accept.
            GroupService.Membership group = row.groupId() == null
                    ? null
                    : groups.lockForMoney(row.groupId()).orElse(null);
            Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
            for (UUID recipient : SettlementService.recipients(settlement, group)) {
                boolean sawIt = !recipient.equals(accepter) || (group != null && group.hasMember(accepter));
                deliveries.put(recipient, new ChangeLog.Delivery(sawIt ? Op.UPDATED : Op.ADDED, settlement));
            }
            changeLog.recordEach(Entity.SETTLEMENT, id, accepter, deliveries);
        }
    }
}
