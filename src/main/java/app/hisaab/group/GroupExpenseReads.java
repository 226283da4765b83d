package app.hisaab.group;

import app.hisaab.friend.FriendService;
import app.hisaab.sync.ListCache;
import app.hisaab.web.ApiException;
import app.hisaab.web.Input;
import app.hisaab.web.Page;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** One expense, and pages of the expenses a user sees. */
@Service
class GroupExpenseReads {

    private final GroupExpenseRepository expenses;
    private final GroupExpenseAccess access;
    private final GroupService groups;
    private final FriendService friends;
    private final ListCache lists;

    GroupExpenseReads(
            GroupExpenseRepository expenses,
            GroupExpenseAccess access,
            GroupService groups,
            FriendService friends,
            ListCache lists) {
        this.expenses = expenses;
        this.access = access;
        this.groups = groups;
        this.friends = friends;
        this.lists = lists;
    }

    @Transactional(readOnly = true)
    GroupExpense get(UUID me, UUID id) {
        return GroupExpenseViews.view(access.visible(me, expenses.find(id).orElse(null)));
    }

    /**
     * A page of the user's expenses, newest first, as the response body: served from the {@link ListCache}
     * while the user's feed has not grown, else read in one statement with the shares.
     */
    ResponseEntity<byte[]> list(
            UUID me, String groupId, String friendUserId, String limitText, String before, String ifNoneMatch) {
        UUID group = null;
        if (groupId != null) {
            group = Input.parseId(groupId);
            if (group == null || !groups.isMember(group, me)) {
                throw ApiException.notFound("Group");
            }
        }
        Input input = new Input();
        int limit = input.limit("limit", limitText, Page.DEFAULT_LIMIT, Page.MAX_LIMIT);
        UUID friend = null;
        if (friendUserId != null) {
            friend = input.id("friendUserId", friendUserId);
            if (friend != null && !friends.isFriend(me, friend)) {
                input.reject("friendUserId", "is not your friend");
            }
        }
        input.validate();
        Page.Position position = Page.Position.before(before);
        UUID friendFilter = friend;
        UUID groupFilter = group;
        String key =
                "group-expenses?groupId=" + group + "&friendUserId=" + friend + "&limit=" + limit + "&before=" + before;
        return lists.list(me, key, ifNoneMatch, () -> {
            List<GroupExpense> rows =
                    expenses.list(me, groupFilter, friendFilter, position.date(), position.id(), limit + 1).stream()
                            .map(GroupExpenseViews::view)
                            .toList();
            return Page.of(rows, limit, GroupExpense::date, GroupExpense::id);
        });
    }
}
