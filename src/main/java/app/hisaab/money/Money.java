package app.hisaab.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An amount of money in integer minor units of an ISO 4217 currency. The one place that knows how
 * many decimals a currency has, how amounts are written, and which amounts the API accepts.
 */
public record Money(long minor, String currency) {

    /** The largest amount the API accepts, in minor units. */
    public static final long MAX_MINOR = 999_999_999_999L;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
    private static final Pattern CURRENCY_CODE = Pattern.compile("^[A-Z]{3}$");

    public Money {
        if (minor <= 0 || minor > MAX_MINOR) {
            throw new IllegalArgumentException("amount out of range: " + minor);
        }
        decimals(currency);
    }

    /**
     * Parses a plain decimal ({@code 12}, {@code 12.5}) in a currency. Rejects what API.md rejects:
     * signs, exponents, blanks, too many decimals, zero, and more than {@link #MAX_MINOR} minor units.
     */
    public static Money parse(String text, String currency) {
        int decimals = decimals(currency);
        return new Money(parseMinor(text, decimals, MAX_MINOR), currency);
    }

    /**
     * Parses a plain decimal into minor units with the given number of decimals, allowing zero. For
     * values that are not amounts of money, such as split percentages and shares.
     */
    public static long parseScaled(String text, int decimals, long max) {
        if (text == null || !PLAIN_DECIMAL.matcher(text).matches()) {
            throw new InvalidAmountException("must be a plain decimal number such as 12 or 12.50");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.scale() > decimals) {
            throw new InvalidAmountException(
                    decimals == 0 ? "must be a whole number" : "must have at most " + decimals + " decimals");
        }
        BigDecimal scaled = value.movePointRight(decimals);
        if (scaled.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidAmountException("is too large");
        }
        return scaled.longValueExact();
    }

    private static long parseMinor(String text, int decimals, long max) {
        if (text != null && text.startsWith("-")) {
            throw new InvalidAmountException("must be greater than zero");
        }
        long minor = parseScaled(text, decimals, max);
        if (minor == 0) {
            throw new InvalidAmountException("must be greater than zero");
        }
        return minor;
    }

    /** The number of decimals of a currency (2 for INR, 0 for JPY, 3 for KWD). */
    public static int decimals(String currency) {
        if (currency == null || !CURRENCY_CODE.matcher(currency).matches()) {
            throw new InvalidAmountException("must be an ISO 4217 currency code such as INR");
        }
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            if (digits < 0) {
                throw new InvalidAmountException("is not a currency that money can be recorded in");
            }
            return digits;
        } catch (IllegalArgumentException e) {
            throw new InvalidAmountException("is not a known ISO 4217 currency code");
        }
    }

    /** Normalises a client's currency code ({@code inr} becomes {@code INR}) and checks it. */
    public static String currencyCode(String code) {
        String upper = code == null ? null : code.trim().toUpperCase(Locale.ROOT);
        decimals(upper);
        return upper;
    }

    /**
     * Writes minor units, signed or not, with exactly the currency's decimals: {@code "20.00"},
     * {@code "250"}, {@code "-3.334"}.
     */
    public static String format(long minor, String currency) {
        return BigDecimal.valueOf(minor, decimals(currency)).toPlainString();
    }

    public String amount() {
        return format(minor, currency);
    }

    @Override
    public String toString() {
        return amount() + " " + currency;
    }
}
