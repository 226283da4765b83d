package app.hisaab.money;

/** An amount or currency the API does not accept; the message completes "field ...". */
public class InvalidAmountException extends IllegalArgumentException {

    public InvalidAmountException(String message) {
        super(message);
    }
}
