package app.hisaab.web;

import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;

/**
 * What a create with a client-chosen id answers (API.md, idempotent creates): the new object ({@code 201}), or
 * for a replay of the same create by the same owner the stored one ({@code 200}); any other reuse of the id is
 * a {@code 409}.
 */
public record Created<T>(T value, boolean created) {

    /** Why an id that exists with another owner or other content cannot be created again. */
    public static final String TAKEN = "An object with this id already exists";

    public static <T> Created<T> created(T value) {
        return new Created<>(value, true);
    }

    /** The stored object, when the existing row is the same owner's with the same content; else a 409. */
    public static <T> Created<T> replayed(boolean sameOwnerAndContent, Supplier<T> stored) {
        return replayed(sameOwnerAndContent, TAKEN, true, TAKEN, stored);
    }

    /**
     * The stored object, when the existing row is the caller's, not deleted, and has the same content; else a
     * 409 saying {@code taken} (another owner's id, or a deleted object's) or {@code otherContent}, for the
     * features whose messages say which.
     */
    public static <T> Created<T> replayed(
            boolean callersAndLive, String taken, boolean sameContent, String otherContent, Supplier<T> stored) {
        if (!callersAndLive) {
            throw ApiException.conflict(taken);
        }
        if (!sameContent) {
            throw ApiException.conflict(otherContent);
        }
        return new Created<>(stored.get(), false);
    }

    /** {@code 201} with the new object or {@code 200} with the stored one. */
    public ResponseEntity<T> response() {
        return ResponseEntity.status(created ? 201 : 200).body(value);
    }
}
