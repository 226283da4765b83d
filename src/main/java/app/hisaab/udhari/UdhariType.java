package app.hisaab.udhari;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Who gave the money, from one party's side; API.md writes it as 0 (lent) or 1 (borrowed), and so does the database. */
enum UdhariType {
    LENT(0),
    BORROWED(1),
    ;

    private final int code;

    UdhariType(int code) {
        this.code = code;
    }

    /** The number clients and the {@code udhari.type} column use. */
    @JsonValue
    int code() {
        return code;
    }

    /** The same udhari from the other party's side: what one lent, the other borrowed. */
    UdhariType flipped() {
        return this == LENT ? BORROWED : LENT;
    }

    /** The type with this code, if there is one. */
    static Optional<UdhariType> of(int code) {
        return Arrays.stream(values()).filter(v -> v.code == code).findFirst();
    }
}
