package app.hisaab.sync;

import app.hisaab.web.Page;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists as a user last read them, serialised, and kept while the user's feed has not grown. Every
 * change to an object a user can see records a change for that user, so while their latest seq stays
 * the same, so does every list of theirs. The seq is read before the list, so a kept list is never
 * older than the seq it is kept under. A list read again answers from memory after one primary-key
 * read; its seq is also its ETag, so a client that sends it back in {@code If-None-Match} gets 304.
 * Bounded in bytes; the least recently read lists go first.
 */
@Component
public class ListCache {

    /** At most this many bytes of serialised lists on a node. */
    private static final long MAX_BYTES = 32L * 1024 * 1024;

    private record Key(UUID user, String list) {}

    private record Entry(long seq, byte[] json, String nextCursor) {}

    private final ChangeRepository changes;
    private final JsonMapper json;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ListCache(ChangeRepository changes, JsonMapper json) {
        this.changes = changes;
        this.json = json;
    }

    /**
     * The user's list named {@code list} (the list and its already validated query, such as {@code
     * "group-expenses?limit=200"}), from memory while the user's feed has not grown since it was read,
     * else read now; as the response body, with {@code X-Next-Cursor} and an ETag.
     */
    public ResponseEntity<byte[]> list(UUID user, String list, String ifNoneMatch, Supplier<Page<?>> read) {
        long seq = changes.cursor(user).lastSeq();
        String etag = "\"" + seq + "\"";
        Key key = new Key(user, list);
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
        }
        if (entry == null || entry.seq() != seq) {
            Page<?> page = read.get();
            entry = new Entry(seq, json.writeValueAsBytes(page.items()), page.nextCursor());
            keep(key, entry);
        }
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .eTag(etag)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        if (entry.nextCursor() != null) {
            response.header(Page.NEXT_CURSOR_HEADER, entry.nextCursor());
        }
        return response.body(entry.json());
    }

    private synchronized void keep(Key key, Entry entry) {
        if (entry.json().length > MAX_BYTES / 4) {
            return;
        }
        Entry old = entries.put(key, entry);
        bytes += entry.json().length - (old == null ? 0 : old.json().length);
        for (Iterator<Entry> oldest = entries.values().iterator(); bytes > MAX_BYTES && oldest.hasNext(); ) {
            bytes -= oldest.next().json().length;
            oldest.remove();
        }
    }
}
