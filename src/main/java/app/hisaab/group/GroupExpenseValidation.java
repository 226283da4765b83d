package app.hisaab.group;

import app.hisaab.friend.FriendService;
import app.hisaab.money.AmountInput;
import app.hisaab.money.InvalidAmountException;
import app.hisaab.money.Money;
import app.hisaab.web.Input;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A create's or change's request checked as a whole expense, every error named by its field, and its
 * shares computed exactly by {@link Splitter}.
 */
@Component
class GroupExpenseValidation {

    static final int MAX_PARTICIPANTS = 100;

    /** The largest shares value: one million shares. */
    private static final long MAX_SHARES = 1_000_000_000L;

    private final FriendService friends;

    GroupExpenseValidation(FriendService friends) {
        this.friends = friends;
    }

    /**
     * Checks a whole expense and computes its shares. Participants already on the expense ({@code
     * kept}) may stay without being the caller's friends (or, in a group, its members); every other one
     * must be. With {@code friendsChecked} the participants are not looked up in the caller's friends:
     * the write checks them ({@link FriendService#ALL_FRIENDS}), and a failed check redoes the request
     * with the lookup.
     */
    GroupExpenseRepository.Content validate(
            Input input,
            UUID me,
            GroupExpenseRequest request,
            Set<UUID> kept,
            String fallbackCurrency,
            ExpenseScope scope,
            boolean friendsChecked) {
        String title = input.text("title", request.title(), Input.NAME_MAX);
        String description = input.optionalText("description", request.description(), Input.DESCRIPTION_MAX);
        String currency = input.currency("currency", request.currency(), fallbackCurrency);
        Money total = input.money("totalAmount", request.totalAmount(), currency);
        Instant date = input.date("date", request.date());
        List<UUID> participants = participants(input, me, request.participants(), kept, scope, friendsChecked);
        UUID paidBy = null;
        if (request.paidBy() == null || request.paidBy().isBlank()) {
            input.reject("paidBy", "is required");
        } else {
            paidBy = input.id("paidBy", request.paidBy());
            List<UUID> named = request.participants() == null
                    ? List.of()
                    : request.participants().stream().map(Input::parseId).toList();
            if (paidBy != null && !named.contains(paidBy)) {
                input.reject("paidBy", "must be one of the participants");
            }
        }
        SplitMode mode;
        if (request.splitMode() == null) {
            mode = request.splits() == null ? SplitMode.EQUAL : SplitMode.EXACT;
        } else {
            mode = SplitMode.fromWire(request.splitMode().trim().toLowerCase(java.util.Locale.ROOT));
            if (mode == null) {
                input.reject("splitMode", "must be equal, exact, percent or shares");
            }
        }
        List<GroupExpenseRepository.Share> shares = null;
        if (mode != null && participants != null && total != null) {
            shares = shares(input, mode, participants, request.splits(), total);
        }
        input.validate();
        return new GroupExpenseRepository.Content(
                scope.group() == null ? null : scope.group().groupId(),
                title,
                description,
                total.minor(),
                currency,
                paidBy,
                mode.wireName(),
                date.truncatedTo(ChronoUnit.MICROS),
                shares);
    }

    private List<UUID> participants(
            Input input, UUID me, List<String> given, Set<UUID> kept, ExpenseScope scope, boolean friendsChecked) {
        boolean inGroup = scope.group() != null || scope.rejected();
        if (given == null || given.isEmpty()) {
            input.reject("participants", inGroup ? "is required" : "is required and must include you");
            return null;
        }
        if (given.size() > MAX_PARTICIPANTS) {
            input.reject("participants", "must have at most " + MAX_PARTICIPANTS + " people");
            return null;
        }
        Set<UUID> seen = new LinkedHashSet<>();
        Map<UUID, String> mustBeFriends = new LinkedHashMap<>();
        boolean valid = true;
        for (int i = 0; i < given.size(); i++) {
            String field = "participants[" + i + "]";
            UUID participant = input.id(field, given.get(i));
            if (participant == null) {
                valid = false;
            } else if (!seen.add(participant)) {
                input.reject(field, "is listed more than once");
                valid = false;
            } else if (inGroup) {
                if (scope.group() != null && !scope.group().hasMember(participant) && !kept.contains(participant)) {
                    input.reject(field, "is not a member of the group");
                    valid = false;
                }
            } else if (!participant.equals(me) && !kept.contains(participant)) {
                mustBeFriends.put(participant, field);
            }
        }
        if (inGroup) {
            // In a group, members need not be friends and the one recording need not take part.
            return valid ? List.copyOf(seen) : null;
        }
        Set<UUID> friendIds =
                friendsChecked ? mustBeFriends.keySet() : friends.friendsAmong(me, mustBeFriends.keySet());
        for (Map.Entry<UUID, String> candidate : mustBeFriends.entrySet()) {
            if (!friendIds.contains(candidate.getKey())) {
                input.reject(candidate.getValue(), "is not your friend");
                valid = false;
            }
        }
        if (!seen.contains(me)) {
            input.reject("participants", "must include you");
            valid = false;
        }
        return valid ? List.copyOf(seen) : null;
    }

    private static List<GroupExpenseRepository.Share> shares(
            Input input, SplitMode mode, List<UUID> participants, Map<String, AmountInput> splits, Money total) {
        int n = participants.size();
        if (mode == SplitMode.EQUAL) {
            return toShares(participants, Splitter.split(total.minor(), n, mode, null), null);
        }
        if (splits == null || splits.isEmpty()) {
            input.reject("splits", "is required for splitMode " + mode.wireName());
            return null;
        }
        Map<UUID, AmountInput> byUser = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, AmountInput> entry : splits.entrySet()) {
            UUID user = Input.parseId(entry.getKey());
            if (user == null || !participants.contains(user)) {
                input.reject("splits." + entry.getKey(), "is not one of the participants");
                valid = false;
            } else {
                byUser.put(user, entry.getValue());
            }
        }
        int decimals = switch (mode) {
            case PERCENT -> SplitMode.PERCENT_DECIMALS;
            case SHARES -> SplitMode.SHARES_DECIMALS;
            default -> Money.decimals(total.currency());
        };
        long max = switch (mode) {
            case PERCENT -> SplitMode.HUNDRED_PERCENT;
            case SHARES -> MAX_SHARES;
            default -> Money.MAX_MINOR;
        };
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            UUID participant = participants.get(i);
            String field = "splits." + participant;
            AmountInput value = byUser.get(participant);
            if (value == null || value.text() == null) {
                input.reject(field, "is required: every participant needs a value");
                valid = false;
                continue;
            }
            try {
                values[i] = Money.parseScaled(value.text(), decimals, max);
            } catch (InvalidAmountException e) {
                input.reject(field, value.text().startsWith("-") ? "must not be negative" : e.getMessage());
                valid = false;
            }
        }
        if (!valid) {
            return null;
        }
        long sum = 0;
        for (long value : values) {
            sum = Math.addExact(sum, value);
        }
        switch (mode) {
            case EXACT -> {
                if (sum != total.minor()) {
                    input.reject(
                            "splits",
                            "must add up to totalAmount " + total.amount() + "; they add up to "
                                    + Money.format(sum, total.currency()));
                    return null;
                }
            }
            case PERCENT -> {
                if (sum != SplitMode.HUNDRED_PERCENT) {
                    input.reject("splits", "percentages must add up to 100; they add up to " + plain(sum, decimals));
                    return null;
                }
            }
            case SHARES -> {
                if (sum == 0) {
                    input.reject("splits", "at least one share must be greater than zero");
                    return null;
                }
            }
            default -> {}
        }
        long[] amounts = Splitter.split(total.minor(), n, mode, values);
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = mode == SplitMode.EXACT ? null : plain(values[i], decimals);
        }
        return toShares(participants, amounts, texts);
    }

    private static List<GroupExpenseRepository.Share> toShares(
            List<UUID> participants, long[] amounts, String[] values) {
        List<GroupExpenseRepository.Share> shares = new ArrayList<>(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            shares.add(new GroupExpenseRepository.Share(
                    participants.get(i), i, amounts[i], values == null ? null : values[i]));
        }
        return shares;
    }

    /** A scaled value as the shortest plain decimal: 3333 at scale 2 is "33.33", 1500 at 3 is "1.5". */
    private static String plain(long value, int decimals) {
        return BigDecimal.valueOf(value, decimals).stripTrailingZeros().toPlainString();
    }
}
