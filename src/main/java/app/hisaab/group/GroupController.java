package app.hisaab.group;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
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

    @GetMapping
    ResponseEntity<List<Group>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return groups.list(me, limit, before).toResponse();
    }

    @PostMapping
    ResponseEntity<Group> create(@CurrentUser UUID me, @RequestBody GroupRequest request) {
        return groups.create(me, request).response();
    }

    @GetMapping("/{id}")
    Group get(@CurrentUser UUID me, @PathVariable UUID id) {
        return groups.get(me, id);
    }

    @PatchMapping("/{id}")
    Group patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody GroupRequest request) {
        return groups.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        membership.delete(me, id, Versions.expected(ifMatch, null));
    }

    @PostMapping("/{id}/members")
    Group addMember(@CurrentUser UUID me, @PathVariable UUID id, @RequestBody MemberRequest request) {
        return membership.add(me, id, request.userId());
    }

    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(@CurrentUser UUID me, @PathVariable UUID id, @PathVariable String userId) {
        membership.remove(me, id, userId);
    }
}
