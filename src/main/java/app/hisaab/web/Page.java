package app.hisaab.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;

/**
 * One page of a list ordered newest first by (date, id), and the cursor of the next page. Cursors are
 * opaque to clients: the last item's date and id.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";
    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_LIMIT = 1000;

    /** Where a page starts: strictly before (date, id), or from the newest when both are null. */
    public record Position(Instant date, UUID id) {
        public static final Position FIRST = new Position(null, null);

        /**
         * Decodes a {@code before} cursor; a malformed one, or one whose date no item can have (outside
         * the years {@link Input#inRange 1900 to 9999}), is a 400 naming {@code before}.
         */
        public static Position before(String cursor) {
            if (cursor == null) {
                return FIRST;
            }
            Position position;
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                position = new Position(Instant.parse(text.substring(0, bar)), Input.parseId(text.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw ApiException.invalid("before", NOT_A_CURSOR);
            }
            if (position.id() == null || !Input.inRange(position.date())) {
                throw ApiException.invalid("before", NOT_A_CURSOR);
            }
            return position;
        }

        private static final String NOT_A_CURSOR = "is not a cursor this server gave out";

        String encode() {
            String text = date + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Makes a page from rows read with {@code limit + 1}: the extra row only tells that more exist.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, Instant> date, Function<T, UUID> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        T last = items.get(limit - 1);
        return new Page<>(items, new Position(date.apply(last), id.apply(last)).encode());
    }

    /** The list as the response body, with {@code X-Next-Cursor} when more exist. */
    public ResponseEntity<List<T>> toResponse() {
        var response = ResponseEntity.ok();
        if (nextCursor != null) {
            response.header(NEXT_CURSOR_HEADER, nextCursor);
        }
        return response.body(items);
    }
}
