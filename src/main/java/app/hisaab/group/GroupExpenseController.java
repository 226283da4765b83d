package app.hisaab.group;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

@Tag(name = "Group expenses", description = "Bills split between friends or in a group, seen by every participant")
@RestController
@RequestMapping("/api/group-expenses")
class GroupExpenseController {

    private final GroupExpenseCreation creation;
    private final GroupExpenseChanges changes;
    private final GroupExpenseReads reads;

    GroupExpenseController(GroupExpenseCreation creation, GroupExpenseChanges changes, GroupExpenseReads reads) {
        this.creation = creation;
        this.changes = changes;
        this.reads = reads;
    }

    @Operation(operationId = "listGroupExpenses", summary = "The expenses you take part in, newest first")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = GroupExpense.class))))
    @ApiResponse(responseCode = "304", description = "Not modified: the list is still the one whose `ETag` was sent")
    @GetMapping
    ResponseEntity<byte[]> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String groupId,
            @RequestParam(required = false) String friendUserId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        return reads.list(me, groupId, friendUserId, limit, before, ifNoneMatch);
    }

    @Operation(operationId = "createGroupExpense", summary = "Record an expense split between participants")
    @PostMapping
    ResponseEntity<GroupExpense> create(@CurrentUser UUID me, @RequestBody GroupExpenseRequest request) {
        return creation.create(me, request).response();
    }

    @Operation(operationId = "getGroupExpense", summary = "One group expense")
    @GetMapping("/{id}")
    GroupExpense get(@CurrentUser UUID me, @PathVariable UUID id) {
        return reads.get(me, id);
    }

    @Operation(operationId = "replaceGroupExpense", summary = "Replace a group expense")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "403", description = "A group's expense: only members of the group may change it")
    @PutMapping("/{id}")
    GroupExpense replace(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody GroupExpenseRequest request) {
        return changes.replace(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(operationId = "updateGroupExpense", summary = "Change some fields of a group expense")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "403", description = "A group's expense: only members of the group may change it")
    @PatchMapping("/{id}")
    GroupExpense patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody GroupExpenseRequest request) {
        return changes.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(operationId = "deleteGroupExpense", summary = "Delete a group expense")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "A group's expense: only members of the group may delete it")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        changes.delete(me, id, Versions.expected(ifMatch, null));
    }
}
