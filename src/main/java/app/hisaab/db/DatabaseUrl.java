package app.hisaab.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a database URL as hosting providers give it ({@code postgresql://user:pass@host/db?sslmode=require})
 * into what the JDBC driver takes. libpq parameter names the driver spells differently are renamed.
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

    private static final Map<String, String> LIBPQ_TO_JDBC = Map.of(
            "channel_binding", "channelBinding",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "target_session_attrs", "targetServerType");

    static DatabaseUrl parse(String url) {
        String text = url.trim();
        if (text.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(text, null, null);
        }
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql:");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (check special characters"
                    + " in the password are percent-encoded)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL names no host");
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? "postgres"
                : uri.getRawPath().substring(1);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append('/').append(database);
        List<String> parameters = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String name = LIBPQ_TO_JDBC.getOrDefault(kv[0], kv[0]);
                String value = kv.length > 1 ? kv[1] : "";
                if (name.equals("targetServerType")) {
                    value = value.replace("read-write", "primary").replace("read-only", "secondary");
                }
                parameters.add(name + "=" + value);
            }
        }
        if (!parameters.isEmpty()) {
            jdbc.append('?').append(String.join("&", parameters));
        }
        return new DatabaseUrl(jdbc.toString(), username, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
    }
}
