package app.hisaab.group;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.sync.PendingChange;
import app.hisaab.user.UserService;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Recording a new expense, and answering a replay of one already recorded. */
@Service
class GroupExpenseCreation {

    private final GroupExpenseRepository expenses;
    private final GroupExpenseValidation validation;
    private final GroupExpenseAccess access;
    private final UserService users;
    private final ChangeLog changeLog;
    private final TransactionTemplate inTransaction;
    private final Clock clock;

    GroupExpenseCreation(
            GroupExpenseRepository expenses,
            GroupExpenseValidation validation,
            GroupExpenseAccess access,
            UserService users,
            ChangeLog changeLog,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.expenses = expenses;
        this.validation = validation;
        this.access = access;
        this.users = users;
        this.changeLog = changeLog;
        this.inTransaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Between friends no transaction is around it: the checks read first, then one statement writes the
     * expense, its shares and its change records and commits, so the recipients' feeds are locked only
     * inside PostgreSQL. In a group, one transaction holds the group (shared) from the membership checks
     * to the commit, so that nobody named can leave the group in between.
     */
    Created<GroupExpense> create(UUID me, GroupExpenseRequest request) {
        if (request.groupId() != null) {
            return inTransaction.execute(status -> createChecked(me, request));
        }
        return createChecked(me, request);
    }

    private Created<GroupExpense> createChecked(UUID me, GroupExpenseRequest request) {
        Input input = new Input();
        UUID id = request.id() == null ? UUID.randomUUID() : input.id("id", request.id());
        ExpenseScope scope = access.scope(input, me, request.groupId());
        String fallbackCurrency = null;
        if (request.currency() == null) {
            fallbackCurrency = scope.group() != null ? scope.group().currency() : users.defaultCurrency(me);
        }
        GroupExpenseRepository.Content content =
                validation.validate(input, me, request, Set.of(), fallbackCurrency, scope);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        GroupExpense created = GroupExpenseViews.view(id, content, me, now);
        Set<UUID> recipients = new LinkedHashSet<>(created.participants());
        recipients.addAll(scope.members());
        PendingChange change = changeLog.prepare(Entity.GROUP_EXPENSE, Op.ADDED, id, me, recipients, created);
        Optional<List<UUID>> recorded = expenses.insert(id, content, me, now, change);
        if (recorded.isEmpty()) {
            GroupExpenseRepository.Row existing = expenses.find(id).orElseThrow();
            return Created.replayed(
                    existing.createdBy().equals(me)
                            && existing.deletedAt() == null
                            && GroupExpenseViews.content(existing).equals(content),
                    () -> GroupExpenseViews.view(existing));
        }
        changeLog.recorded(recorded.get());
        return Created.created(created);
    }
}
