package app.hisaab.sync;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame as the server sends it (RFC 6455 section 5.2: final, unmasked), encoded once:
 * a change going to many connections is serialised and framed once and the same bytes are written
 * to each of them.
 */
final class Frame {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final Frame EMPTY_PING = new Frame(PING, new byte[0], 0, 0);

    private final byte[] bytes;
    private final int opcode;
    private final long payloadLength;

    private Frame(int opcode, byte[] payload, int offset, int length) {
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (8 * (7 - i)));
            }
        }
        System.arraycopy(payload, offset, frame, header, length);
        this.bytes = frame;
        this.opcode = opcode;
        this.payloadLength = length;
    }

    static Frame text(String text) {
        return text(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A text frame of UTF-8 the caller has already encoded (and checked). */
    static Frame text(byte[] utf8) {
        return new Frame(TEXT, utf8, 0, utf8.length);
    }

    static Frame ping() {
        return EMPTY_PING;
    }

    static Frame pong(byte[] payload) {
        return new Frame(PONG, payload, 0, payload.length);
    }

    /** A close frame; the reason is cut to fit the 123 bytes a control frame leaves it. */
    static Frame close(CloseStatus status) {
        byte[] reason = status.reason().getBytes(StandardCharsets.UTF_8);
        int length = Math.min(reason.length, 123);
        while (length > 0 && length < reason.length && (reason[length] & 0xC0) == 0x80) {
            length--; // never cut a character in two
        }
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (status.code() >>> 8);
        payload[1] = (byte) status.code();
        System.arraycopy(reason, 0, payload, 2, length);
        return new Frame(CLOSE, payload, 0, payload.length);
    }

    /** The whole frame, header included; shared, never to be changed. */
    byte[] bytes() {
        return bytes;
    }

    int opcode() {
        return opcode;
    }

    /** The payload's length: what a connection's outgoing queue counts. */
    long payloadLength() {
        return payloadLength;
    }
}
