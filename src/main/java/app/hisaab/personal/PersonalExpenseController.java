package app.hisaab.personal;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Personal expenses", description = "Expenses only their owner sees")
@RestController
@RequestMapping("/api/personal-expenses")
class PersonalExpenseController {

    private final PersonalExpenseService expenses;

    PersonalExpenseController(PersonalExpenseService expenses) {
        this.expenses = expenses;
    }

    @Operation(operationId = "listPersonalExpenses", summary = "Your personal expenses, newest first")
    @GetMapping
    ResponseEntity<List<PersonalExpense>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return expenses.list(me, from, to, category, limit, before).toResponse();
    }

    @Operation(
            operationId = "summarizePersonalExpenses",
            summary = "Totals of one month, per currency and per category")
    @GetMapping("/summary")
    PersonalExpenseService.Summary summary(@CurrentUser UUID me, @RequestParam(required = false) String month) {
        return expenses.summary(me, month);
    }

    @Operation(operationId = "createPersonalExpense", summary = "Record a personal expense")
    @PostMapping
    ResponseEntity<PersonalExpense> create(
            @CurrentUser UUID me, @RequestBody PersonalExpenseService.ExpenseRequest request) {
        return expenses.create(me, request).response();
    }

    @Operation(operationId = "getPersonalExpense", summary = "One personal expense")
    @GetMapping("/{id}")
    PersonalExpense get(@CurrentUser UUID me, @PathVariable UUID id) {
        return expenses.get(me, id);
    }

    @Operation(operationId = "replacePersonalExpense", summary = "Replace a personal expense")
    @PutMapping("/{id}")
    PersonalExpense replace(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody PersonalExpenseService.ExpenseRequest request) {
        return expenses.replace(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(operationId = "updatePersonalExpense", summary = "Change some fields of a personal expense")
    @PatchMapping("/{id}")
    PersonalExpense patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody PersonalExpenseService.ExpenseRequest request) {
        return expenses.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(operationId = "deletePersonalExpense", summary = "Delete a personal expense")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        expenses.delete(me, id, Versions.expected(ifMatch, null));
    }
}
