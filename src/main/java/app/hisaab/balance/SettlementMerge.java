package app.hisaab.balance;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.PlaceholderClaimed;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** On invite accept, settlements naming the placeholder come to name the accepter. */
@Component
class SettlementMerge {

    private final SettlementRepository settlements;
    private final ChangeLog changeLog;
    private final Clock clock;

    SettlementMerge(SettlementRepository settlements, ChangeLog changeLog, Clock clock) {
        this.settlements = settlements;
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
            UUID other = row.fromUserId().equals(accepter) ? row.toUserId() : row.fromUserId();
            changeLog.recordEach(
                    Entity.SETTLEMENT,
                    id,
                    accepter,
                    Map.of(
                            other, new ChangeLog.Delivery(Op.UPDATED, settlement),
                            accepter, new ChangeLog.Delivery(Op.ADDED, settlement)));
        }
    }
}
