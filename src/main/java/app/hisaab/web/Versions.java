package app.hisaab.web;

/** Reads the version a client expects from {@code If-Match: "3"} or a body {@code version}. */
public final class Versions {

    private Versions() {}

    /** The expected version, or null when the client gave none (last write wins). */
    public static Integer expected(String ifMatch, Integer bodyVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return bodyVersion;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Integer.valueOf(tag);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("If-Match", "must be the object's version, such as \"3\"");
        }
    }

    /** Throws a 409 carrying {@code current} when the client expected another version. */
    public static void check(Integer expected, int actual, Object current) {
        if (expected != null && expected != actual) {
            throw ApiException.versionConflict(current);
        }
    }
}
