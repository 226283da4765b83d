package app.hisaab.udhari;

import app.hisaab.money.AmountInput;

/** The body of a create, replace or patch; {@code type} and {@code status} are from the creator's side. */
record UdhariRequest(
        String id,
        String friendId,
        AmountInput amount,
        String currency,
        String description,
        Integer type,
        Integer status,
        String date,
        Integer version) {}
