package app.hisaab.group;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.user.PlaceholderClaimed;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * When an invite is accepted, the accepter takes the placeholder's place in each of its groups (one
 * membership where they are a member already). Two steps: the groups are locked before the money moves,
 * as every write of a group's money locks its group first; the memberships pass after it, so that the
 * money steps still see who was a member before. Every member receives {@code group_updated}; an
 * accepter new to a group receives {@code group_added} and the group's expenses and settlements that do
 * not name them yet, as a member who is added does.
 */
@Component
class GroupMerge {

    private final GroupRepository groups;
    private final GroupService service;
    private final GroupExpenseCascade expenses;
    private final ChangeLog changeLog;
    private final ApplicationEventPublisher events;

    GroupMerge(
            GroupRepository groups,
            GroupService service,
            GroupExpenseCascade expenses,
            ChangeLog changeLog,
            ApplicationEventPublisher events) {
        this.groups = groups;
        this.service = service;
        this.expenses = expenses;
        this.changeLog = changeLog;
        this.events = events;
    }

    @EventListener
    @Order(PlaceholderClaimed.GROUP_LOCKS)
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(PlaceholderClaimed claimed) {
        groups.lockAll(groups.groupsOf(claimed.placeholder()));
    }

    @EventListener
    @Order(PlaceholderClaimed.GROUPS)
    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(PlaceholderClaimed claimed) {
        UUID placeholder = claimed.placeholder();
        UUID accepter = claimed.accepter();
        List<GroupRepository.Row> rows = groups.groupsOf(placeholder).stream()
                .map(id -> groups.find(id).orElseThrow())
                .filter(row -> row.deletedAt() == null)
                .toList();
        Set<UUID> concerned = new LinkedHashSet<>();
        concerned.add(accepter);
        rows.forEach(row -> concerned.addAll(row.memberIds()));
        changeLog.lockFeeds(concerned);
        for (GroupRepository.Row row : rows) {
            boolean joins = !row.hasMember(accepter);
            if (joins) {
                groups.moveMember(row.id(), placeholder, accepter, service.now());
            } else {
                groups.removeMember(row.id(), placeholder, service.now());
            }
            Group updated = service.view(groups.find(row.id()).orElseThrow());
            Map<UUID, ChangeLog.Delivery> deliveries = new LinkedHashMap<>();
            for (Group.Member member : updated.members()) {
                Op op = member.userId().equals(accepter) && joins ? Op.ADDED : Op.UPDATED;
                deliveries.put(member.userId(), new ChangeLog.Delivery(op, updated));
            }
            changeLog.recordEach(Entity.GROUP, row.id(), accepter, deliveries);
            if (joins) {
                expenses.memberJoined(row.id(), accepter, accepter);
                events.publishEvent(new GroupEvent.MemberJoined(row.id(), accepter, accepter));
            }
        }
    }
}
