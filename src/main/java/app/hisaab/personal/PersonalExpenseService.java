package app.hisaab.personal;

import app.hisaab.money.AmountInput;
import app.hisaab.money.Money;
import app.hisaab.sync.ChangeLog;
import app.hisaab.sync.Entity;
import app.hisaab.sync.Op;
import app.hisaab.sync.PendingChange;
import app.hisaab.user.UserService;
import app.hisaab.web.ApiException;
import app.hisaab.web.Created;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import app.hisaab.web.Versions;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Personal expenses: private to their owner; anyone else gets 404 for every id. */
@Service
public class PersonalExpenseService {

    private static final Pattern MONTH = Pattern.compile("^\\d{4}-\\d{2}$");

    private final PersonalExpenseRepository expenses;
    private final UserService users;
    private final ChangeLog changeLog;
    private final Clock clock;

    PersonalExpenseService(PersonalExpenseRepository expenses, UserService users, ChangeLog changeLog, Clock clock) {
        this.expenses = expenses;
        this.users = users;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /** A body of POST, PUT or PATCH; in a PATCH a null field keeps its value. */
    record ExpenseRequest(
            String id,
            String title,
            String description,
            AmountInput amount,
            String currency,
            String category,
            String date,
            Integer version) {}

    record Summary(String month, List<Total> totals, List<CategoryTotal> byCategory) {}

    record Total(String currency, String total, long count) {}

    record CategoryTotal(String category, String currency, String total, long count) {}

    /** No transaction around it: one statement writes the expense and its change record and commits. */
    Created<PersonalExpense> create(UUID me, ExpenseRequest request) {
        Created<PersonalExpense> created = create(me, request, request.currency() == null);
        return created != null ? created : create(me, request, false);
    }

    /**
     * With {@code assumeCurrency}, the default currency this node last saw for the user stands in for a
     * read, and the insert checks it: null when it was stale, or when the request was refused with it (it
     * is then done again with the read, so the answer is what it would have been).
     */
    private Created<PersonalExpense> create(UUID me, ExpenseRequest request, boolean assumeCurrency) {
        String assumed = assumeCurrency ? users.defaultCurrencyHint(me) : null;
        Input input = new Input();
        UUID given;
        PersonalExpenseRepository.Values values;
        try {
            given = input.optionalId("id", request.id());
            values = complete(input, me, request, assumed);
        } catch (ApiException e) {
            if (assumed != null) {
                return null;
            }
            throw e;
        }
        UUID id = given != null ? given : UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        PersonalExpense expense = new PersonalExpenseRepository.Row(id, me, values, now, now, 1, null).view();
        PendingChange change = changeLog.prepare(Entity.PERSONAL_EXPENSE, Op.ADDED, id, me, Set.of(me), expense);
        PendingChange.Checked inserted = expenses.insert(id, me, values, now, change, assumed);
        if (!inserted.checked()) {
            return null;
        }
        if (inserted.recorded().isEmpty()) {
            // The id exists (a replay, possibly racing this one): same owner and content is the stored one.
            PersonalExpenseRepository.Row row = expenses.find(id).orElseThrow();
            return Created.replayed(
                    row.visibleTo(me),
                    "This id is already taken",
                    row.values().equals(values),
                    "An expense with this id exists with other content",
                    row::view);
        }
        changeLog.recorded(change, inserted.recorded().get());
        return Created.created(expense);
    }

    @Transactional(readOnly = true)
    PersonalExpense get(UUID me, UUID id) {
        return expenses.find(id)
                .filter(row -> row.visibleTo(me))
                .orElseThrow(PersonalExpenseService::notFound)
                .view();
    }

    /** PUT: every field as in a create; absent optional fields take their defaults. */
    @Transactional
    PersonalExpense replace(UUID me, UUID id, ExpenseRequest request, Integer expectedVersion) {
        PersonalExpenseRepository.Row row = lockVisible(me, id);
        PersonalExpenseRepository.Values values = complete(new Input(), me, request, null);
        return write(me, row, values, expectedVersion);
    }

    /** PATCH: only the fields given change; an empty description or category clears it. */
    @Transactional
    PersonalExpense patch(UUID me, UUID id, ExpenseRequest request, Integer expectedVersion) {
        PersonalExpenseRepository.Row row = lockVisible(me, id);
        PersonalExpenseRepository.Values old = row.values();
        Input input = new Input();
        String title = request.title() == null ? old.title() : input.text("title", request.title(), Input.NAME_MAX);
        String description = request.description() == null
                ? old.description()
                : input.optionalText("description", request.description(), Input.DESCRIPTION_MAX);
        String category = request.category() == null
                ? old.category()
                : input.optionalText("category", request.category(), Input.CATEGORY_MAX);
        String currency = input.currency("currency", request.currency(), old.currency());
        AmountInput amount = request.amount() != null
                ? request.amount()
                : new AmountInput(Money.format(old.amountMinor(), old.currency()));
        Money money = input.money("amount", amount, currency);
        Instant date = request.date() == null ? old.date() : input.date("date", request.date());
        input.validate();
        return write(
                me,
                row,
                new PersonalExpenseRepository.Values(title, description, money.minor(), currency, category, date),
                expectedVersion);
    }

    private PersonalExpense write(
            UUID me, PersonalExpenseRepository.Row row, PersonalExpenseRepository.Values values, Integer expected) {
        PersonalExpense current = row.view();
        Versions.check(expected, row.version(), current);
        if (row.values().equals(values)) {
            return current;
        }
        expenses.update(row.id(), values, clock.instant());
        PersonalExpense updated = expenses.find(row.id()).orElseThrow().view();
        changeLog.record(Entity.PERSONAL_EXPENSE, Op.UPDATED, row.id(), me, Set.of(me), updated);
        return updated;
    }

    @Transactional
    void delete(UUID me, UUID id, Integer expectedVersion) {
        PersonalExpenseRepository.Row row = lockVisible(me, id);
        Versions.check(expectedVersion, row.version(), row.view());
        expenses.softDelete(id, clock.instant());
        changeLog.recordDeleted(Entity.PERSONAL_EXPENSE, id, me, Set.of(me));
    }

    @Transactional(readOnly = true)
    Page<PersonalExpense> list(UUID me, String from, String to, String category, String limit, String before) {
        Input input = new Input();
        Instant start = input.optionalDate("from", from);
        Instant end = input.optionalRangeEnd("to", to);
        String categoryFilter = input.optionalText("category", category, Input.CATEGORY_MAX);
        int size = input.limit("limit", limit, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        input.validate();
        if (start != null && end != null && start.isAfter(end)) {
            throw ApiException.invalid("from", "must not be after to");
        }
        Page.Position position = Page.Position.before(before);
        List<PersonalExpense> rows = expenses
                .list(
                        me,
                        new PersonalExpenseRepository.Filter(start, end, categoryFilter),
                        position.date(),
                        position.id(),
                        size + 1)
                .stream()
                .map(PersonalExpenseRepository.Row::view)
                .toList();
        return Page.of(rows, size, PersonalExpense::date, PersonalExpense::id);
    }

    @Transactional(readOnly = true)
    Summary summary(UUID me, String month) {
        YearMonth ym = month == null ? YearMonth.now(clock.withZone(ZoneOffset.UTC)) : parseMonth(month);
        Instant start = ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Total> totals = expenses.totals(me, start, end).stream()
                .map(t -> new Total(t.currency(), Money.format(t.totalMinor(), t.currency()), t.count()))
                .toList();
        List<CategoryTotal> byCategory = expenses.byCategory(me, start, end).stream()
                .map(t -> new CategoryTotal(
                        t.category(), t.currency(), Money.format(t.totalMinor(), t.currency()), t.count()))
                .toList();
        return new Summary(ym.toString(), totals, byCategory);
    }

    private static YearMonth parseMonth(String month) {
        try {
            if (MONTH.matcher(month.trim()).matches()) {
                YearMonth parsed = YearMonth.parse(month.trim());
                if (parsed.getYear() >= 1900) {
                    return parsed;
                }
            }
        } catch (DateTimeParseException e) {
            // rejected below
        }
        throw ApiException.invalid("month", "must be a month such as 2026-11");
    }

    /** Validates and normalises a full body, as a create or PUT gives it. */
    /** The request's values; a missing currency is {@code assumedCurrency} when given, else read. */
    private PersonalExpenseRepository.Values complete(
            Input input, UUID me, ExpenseRequest request, String assumedCurrency) {
        String title = input.text("title", request.title(), Input.NAME_MAX);
        String description = input.optionalText("description", request.description(), Input.DESCRIPTION_MAX);
        String category = input.optionalText("category", request.category(), Input.CATEGORY_MAX);
        String fallback = null;
        if (request.currency() == null) {
            fallback = assumedCurrency != null ? assumedCurrency : users.defaultCurrency(me);
        }
        String currency = input.currency("currency", request.currency(), fallback);
        Money money = input.money("amount", request.amount(), currency);
        Instant date = input.date("date", request.date());
        input.validate();
        return new PersonalExpenseRepository.Values(title, description, money.minor(), currency, category, date);
    }

    private PersonalExpenseRepository.Row lockVisible(UUID me, UUID id) {
        return expenses.lock(id).filter(row -> row.visibleTo(me)).orElseThrow(PersonalExpenseService::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Personal expense");
    }
}
