package app.hisaab.balance;

import app.hisaab.money.AmountInput;

record SettlementRequest(
        String id,
        String groupId,
        String fromUserId,
        String toUserId,
        AmountInput amount,
        String currency,
        String date,
        String note) {}
