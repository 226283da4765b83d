package app.hisaab.udhari;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Whether an udhari is still owed; API.md writes it as 0 (pending) or 1 (settled), and so does the database. */
enum UdhariStatus {
    PENDING(0),
    SETTLED(1),
    ;

    private final int code;

    UdhariStatus(int code) {
        this.code = code;
    }

    /** The number clients and the {@code udhari.status} column use. */
    @JsonValue
    int code() {
        return code;
    }

    /** The status with this code, if there is one. */
    static Optional<UdhariStatus> of(int code) {
        return Arrays.stream(values()).filter(v -> v.code == code).findFirst();
    }
}
