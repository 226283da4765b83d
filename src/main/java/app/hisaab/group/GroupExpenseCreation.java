package app.hisaab.group;

import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.sync.PendingChange;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
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
     * Between friends no transaction is around it: one statement checks what the request assumed (the
     * default currency this node last saw for the caller, that every participant is the caller's friend),
     * writes the expense, its shares and its change records and commits, so the recipients' feeds are
     * locked only inside PostgreSQL. When a check fails, or the request is refused while it assumed a
     * currency, it is done again with its reads first, exactly as a first try without assumptions. In a
     * group, one transaction holds the group (shared) from the membership checks to the commit, so that
     * nobody named can leave the group in between.
     */
    Created<GroupExpense> create(UUID me, GroupExpenseRequest request) {
        if (request.groupId() != null) {
            return inTransaction.execute(status -> createChecked(me, request, false));
        }
        Created<GroupExpense> created = createChecked(me, request, true);
        return created != null ? created : createChecked(me, request, false);
    }

    /** With {@code checksInWrite}: null when a check the statement made, or the validation, failed. */
    private Created<GroupExpense> createChecked(UUID me, GroupExpenseRequest request, boolean checksInWrite) {
        Input input = new Input();
        UUID id = request.id() == null ? UUID.randomUUID() : input.id("id", request.id());
        ExpenseScope scope = access.scope(input, me, request.groupId());
        String fallbackCurrency = null;
        String assumedCurrency = null;
        if (request.currency() == null) {
            if (scope.group() != null) {
                fallbackCurrency = scope.group().currency();
            } else {
                assumedCurrency = checksInWrite ? users.defaultCurrencyHint(me) : null;
                fallbackCurrency = assumedCurrency != null ? assumedCurrency : users.defaultCurrency(me);
            }
        }
        GroupExpenseRepository.Content content;
        try {
            content = validation.validate(input, me, request, Set.of(), fallbackCurrency, scope, checksInWrite);
        } catch (ApiException e) {
            if (checksInWrite) {
                return null;
            }
            throw e;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        GroupExpense created = GroupExpenseViews.view(id, content, me, now);
        Set<UUID> recipients = new LinkedHashSet<>(created.participants());
        recipients.addAll(scope.members());
        PendingChange change = changeLog.prepare(Entity.GROUP_EXPENSE, Op.ADDED, id, me, recipients, created);
        GroupExpenseRepository.Checks checks = checksInWrite
                ? new GroupExpenseRepository.Checks(assumedCurrency, othersThan(me, created.participants()))
                : GroupExpenseRepository.Checks.NONE;
        PendingChange.Checked inserted = expenses.insert(id, content, me, now, change, checks);
        if (!inserted.checked()) {
            return null;
        }
        if (inserted.recorded().isEmpty()) {
            GroupExpenseRepository.Row existing = expenses.find(id).orElseThrow();
            return Created.replayed(
                    existing.createdBy().equals(me)
                            && existing.deletedAt() == null
                            && GroupExpenseViews.content(existing).equals(content),
                    () -> GroupExpenseViews.view(existing));
        }
        changeLog.recorded(change, inserted.recorded().get());
        return Created.created(created);
    }

    private static List<UUID> othersThan(UUID me, List<UUID> participants) {
        return participants.stream().filter(p -> !p.equals(me)).toList();
    }
}
