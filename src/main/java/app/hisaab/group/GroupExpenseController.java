package app.hisaab.group;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
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

@RestController
@RequestMapping("/api/group-expenses")
class GroupExpenseController {

    private final GroupExpenseService expenses;

    GroupExpenseController(GroupExpenseService expenses) {
        this.expenses = expenses;
    }

    @GetMapping
    ResponseEntity<byte[]> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String groupId,
            @RequestParam(required = false) String friendUserId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        return expenses.list(me, groupId, friendUserId, limit, before, ifNoneMatch);
    }

    @PostMapping
    ResponseEntity<GroupExpense> create(@CurrentUser UUID me, @RequestBody GroupExpenseRequest request) {
        return expenses.create(me, request).response();
    }

    @GetMapping("/{id}")
    GroupExpense get(@CurrentUser UUID me, @PathVariable UUID id) {
        return expenses.get(me, id);
    }

    @PutMapping("/{id}")
    GroupExpense replace(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody GroupExpenseRequest request) {
        return expenses.replace(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @PatchMapping("/{id}")
    GroupExpense patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody GroupExpenseRequest request) {
        return expenses.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        expenses.delete(me, id, Versions.expected(ifMatch, null));
    }
}
