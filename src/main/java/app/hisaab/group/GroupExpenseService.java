package app.hisaab.group;

import app.hisaab.ledger.Debt;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features read of the expenses shared between participants: nets, debts and balance items.
 * The HTTP use cases are {@link GroupExpenseCreation}, {@link GroupExpenseChanges} and {@link
 * GroupExpenseReads}.
 */
@Service
public class GroupExpenseService {

    private final GroupExpenseRepository expenses;

    GroupExpenseService(GroupExpenseRepository expenses) {
        this.expenses = expenses;
    }

    /**
     * The user's nets through group expenses that one of the two paid, per other person and currency,
     * from one GROUP BY query; {@code friend} null means with everyone.
     */
    @Transactional(readOnly = true)
    public List<Net> nets(UUID user, UUID friend) {
        return expenses.nets(user, friend).stream()
                .filter(net -> net.minor() != 0)
                .toList();
    }

    /** True when both take part in a live expense, even one that leaves nothing owed between them. */
    @Transactional(readOnly = true)
    public boolean shareAnExpense(UUID user, UUID other) {
        return expenses.shared(user, other);
    }

    /**
     * Up to {@code limit} expenses with a non-zero effect on the balance between the user and a friend,
     * strictly before (date, id) when given, newest first.
     */
    @Transactional(readOnly = true)
    public List<Entry> items(UUID user, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return expenses.items(user, friend, beforeDate, beforeId, limit);
    }

    /**
     * Each person's net through a group's expenses, per currency (what the others owe them as payer minus
     * what they owe), zero nets included; in the caller's transaction, if any.
     */
    @Transactional(readOnly = true)
    public List<Net> groupNets(UUID groupId) {
        return expenses.groupNets(groupId);
    }

    /** Who owes whom directly through a group's expenses, per currency and ordered pair. */
    @Transactional(readOnly = true)
    public List<Debt> groupDebts(UUID groupId) {
        return expenses.groupDebts(groupId);
    }
}
