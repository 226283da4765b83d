package app.hisaab.user;

import app.hisaab.web.Input;
import java.util.regex.Pattern;

/**
 * Phone numbers, the one place for their rules (API.md): as a person writes one, at most 20 characters of
 * digits, spaces and {@code + - ( )} with at least one digit, stored as written (trimmed); as one is matched
 * (login, "already registered"), its {@link #digits}.
 */
public final class Phone {

    public static final int MAX = 20;

    static final String INVALID = "must be a phone number: digits, spaces and + - ( )";

    private static final Pattern WRITTEN = Pattern.compile("^[0-9 +()\\-]+$");

    private Phone() {}

    /** The phone as written, trimmed; null when absent or blank, and null with the field rejected when invalid. */
    public static String optional(Input input, String field, String value) {
        String phone = input.optionalText(field, value, MAX);
        if (phone != null
                && (!WRITTEN.matcher(phone).matches()
                        || digits(phone).replace("+", "").isEmpty())) {
            input.reject(field, INVALID);
            return null;
        }
        return phone;
    }

    /** A phone as it is matched: its digits, with the leading {@code +} if it had one; null for null. */
    public static String digits(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        return phone.trim().startsWith("+") ? "+" + digits : digits;
    }
}
