package app.hisaab.udhari;

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

/** On invite accept, udhari naming the placeholder come to name the accepter, who receives them as added. */
@Component
class UdhariMerge {

    private final UdhariRepository udhari;
    private final ChangeLog changeLog;
    private final Clock clock;

    UdhariMerge(UdhariRepository udhari, ChangeLog changeLog, Clock clock) {
        this.udhari = udhari;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @EventListener
    @Order(PlaceholderClaimed.UDHARI)
    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(PlaceholderClaimed claimed) {
        UUID placeholder = claimed.placeholder();
        UUID accepter = claimed.accepter();
        List<UUID> ids = udhari.merge(placeholder, accepter, clock.instant().truncatedTo(ChronoUnit.MICROS));
        for (UUID id : ids) {
            UdhariRepository.Row row = udhari.find(id).orElseThrow();
            if (row.deletedAt() != null || !row.hasParty(accepter)) {
                continue;
            }
            Map<UUID, Udhari> views = UdhariService.views(row);
            UUID other = row.createdBy().equals(accepter) ? row.counterpartyId() : row.createdBy();
            changeLog.recordEach(
                    Entity.UDHARI,
                    id,
                    accepter,
                    Map.of(
                            other, new ChangeLog.Delivery(Op.UPDATED, views.get(other)),
                            accepter, new ChangeLog.Delivery(Op.ADDED, views.get(accepter))));
        }
    }
}
