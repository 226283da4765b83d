package app.hisaab.group;

import java.util.List;

/**
 * The body of a group create or patch. Ids are text so that a malformed one is a 400 naming its field;
 * fields the server owns are not read.
 */
record GroupRequest(
        String id, String name, String currency, Boolean simplifyDebts, List<String> members, Integer version) {}
