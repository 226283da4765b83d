package app.hisaab.money;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An amount as the client wrote it, a JSON number or a string, kept as text so that it never passes
 * through {@code double}. {@link Money#parse} decides whether it is valid.
 */
@JsonDeserialize(using = AmountInput.Reader.class)
public record AmountInput(String text) {

    /** Parses this amount in a currency; see {@link Money#parse}. */
    public Money in(String currency) {
        return Money.parse(text, currency);
    }

    static final class Reader extends ValueDeserializer<AmountInput> {
        @Override
        public AmountInput deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT
                    || token == JsonToken.VALUE_NUMBER_FLOAT
                    || token == JsonToken.VALUE_STRING) {
                return new AmountInput(parser.getString());
            }
            // Anything else (object, array, boolean) keeps a text no amount matches, so the field is named.
            parser.skipChildren();
            return new AmountInput("");
        }
    }
}
