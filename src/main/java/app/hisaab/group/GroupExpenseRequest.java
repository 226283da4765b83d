package app.hisaab.group;

import app.hisaab.money.AmountInput;
import java.util.List;
import java.util.Map;

/**
 * The body of a create, replace or patch. Ids are text so that a malformed one is a 400 naming its
 * field; fields the server owns are not read.
 */
record GroupExpenseRequest(
        String id,
        String groupId,
        String title,
        String description,
        AmountInput totalAmount,
        String currency,
        String paidBy,
        List<String> participants,
        String splitMode,
        Map<String, AmountInput> splits,
        String date,
        Integer version) {}
