package app.hisaab.sync;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Input;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Sync", description = "The change feed: every change to what you can see, in order")
@RestController
class SyncController {

    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 2000;

    private final ChangeFeed feed;

    SyncController(ChangeFeed feed) {
        this.feed = feed;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SyncResponse(List<ChangeFeed.Change> changes, long cursor, Boolean hasMore, Boolean resyncRequired) {}

    @Operation(operationId = "readChanges", summary = "Changes after `since`, in `seq` order")
    @GetMapping("/api/sync")
    SyncResponse sync(
            @CurrentUser UUID me,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String limit) {
        Input input = new Input();
        long after = parseSince(input, since);
        int max = input.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        input.validate();
        ChangeFeed.Batch batch = feed.read(me, after, max);
        if (batch.resyncRequired()) {
            return new SyncResponse(null, batch.cursor(), null, true);
        }
        return new SyncResponse(batch.changes(), batch.cursor(), batch.hasMore(), null);
    }

    static long parseSince(Input input, String since) {
        if (since == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(since.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // rejected below
        }
        input.reject("since", "must be a whole number, 0 or more");
        return 0;
    }
}
