/** The values in which group expenses, udhari and settlements report what they add to a balance. */
package app.hisaab.ledger;
