package app.hisaab.group;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Groups", description = "Groups of people (a trip, a flat, a team): their members, nets and transfers")
@RestController
@RequestMapping("/api/groups")
class GroupController {

    private final GroupService groups;
    private final GroupMembership membership;

    GroupController(GroupService groups, GroupMembership membership) {
        this.groups = groups;
        this.membership = membership;
    }

    record MemberRequest(String userId) {}

    @Operation(operationId = "listGroups", summary = "The groups you are a member of, newest first")
    @GetMapping
    ResponseEntity<List<Group>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return groups.list(me, limit, before).toResponse();
    }

    @Operation(operationId = "createGroup", summary = "Make a group of you and some of your friends")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid input: a member who is not your friend (`members[i]`), or more members than the"
                    + " group limit (`members`)")
    @ApiResponse(
            responseCode = "409",
            description =
                    "The id is taken by other content, or you or another member is in as many groups as" + " allowed")
    @PostMapping
    ResponseEntity<Group> create(@CurrentUser UUID me, @RequestBody GroupRequest request) {
        return groups.create(me, request).response();
    }

    @Operation(operationId = "getGroup", summary = "One of your groups")
    @GetMapping("/{id}")
    Group get(@CurrentUser UUID me, @PathVariable UUID id) {
        return groups.get(me, id);
    }

    @Operation(operationId = "updateGroup", summary = "Rename a group or change its currency or `simplifyDebts`")
    @PatchMapping("/{id}")
    Group patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody GroupRequest request) {
        return groups.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(
            operationId = "deleteGroup",
            summary = "Delete a group with its expenses and settlements (any member, every group net zero)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(
            responseCode = "409",
            description = "Settle up in this group first: not every group net is zero; or `version` is stale")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        membership.delete(me, id, Versions.expected(ifMatch, null));
    }

    @Operation(operationId = "addGroupMember", summary = "Add one of your friends to a group")
    @ApiResponse(responseCode = "200", description = "The group with its new member (or as it was: a member already)")
    @ApiResponse(responseCode = "400", description = "`userId` missing, malformed or not your friend")
    @ApiResponse(
            responseCode = "409",
            description = "The group has as many members as allowed, or they are in as many groups as allowed")
    @PostMapping("/{id}/members")
    Group addMember(@CurrentUser UUID me, @PathVariable UUID id, @RequestBody MemberRequest request) {
        return membership.add(me, id, request.userId());
    }

    @Operation(
            operationId = "removeGroupMember",
            summary = "Leave a group, or remove a member; the last registered member leaving deletes it")
    @ApiResponse(responseCode = "204", description = "Removed (or the group deleted)")
    @ApiResponse(responseCode = "404", description = "No such group visible to you, or `userId` is not a member")
    @ApiResponse(
            responseCode = "409",
            description = "Settle up in this group first: that member's group net is not zero (or, when the group"
                    + " would be deleted, not every group net is)")
    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(@CurrentUser UUID me, @PathVariable UUID id, @PathVariable String userId) {
        membership.remove(me, id, userId);
    }
}
