package app.hisaab.sync;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the frames a client sends (RFC 6455 section 5) from bytes as they arrive, in any pieces, and
 * hands whole messages to a {@link Sink}. Client frames must be masked; text must be valid UTF-8;
 * a message may come in fragments and control frames may come between them. Anything else ends the
 * connection with the code the RFC names, and the reader takes no more bytes after that. Between
 * messages it holds no buffer: only a message in progress has one, at most {@code maxMessage} bytes.
 */
final class FrameReader {

    /** Where whole messages go; called on the thread that feeds the bytes, one at a time. */
    interface Sink {
        void text(String message);

        /** A binary message began (this endpoint takes only text); nothing more is read. */
        void binary();

        void ping(byte[] payload);

        void pong();

        /** The client's close frame. */
        void closeReceived(CloseStatus status);

        /** The client broke the protocol, or a message passed the limit; nothing more is read. */
        void fail(CloseStatus status);
    }

    static final CloseStatus TOO_BIG = new CloseStatus(1009, "Message too big");
    static final CloseStatus NOT_UTF8 = new CloseStatus(1007, "Text that is not UTF-8");

    private final long maxMessage;
    private final Sink sink;

    private final byte[] header = new byte[14];
    private int headerRead;
    private int headerLength = 2;
    /** Where the masking key sits in {@link #header}: its last four bytes. */
    private int maskOffset;

    private boolean inPayload;
    private boolean fin;
    private int opcode;
    private long remaining;
    private int maskIndex;

    /** The data message being read (text), across its fragments; null between messages. */
    private byte[] message;

    private int messageLength;
    /** The control frame being read. */
    private byte[] control;

    private int controlLength;
    private boolean done;

    FrameReader(long maxMessage, Sink sink) {
        this.maxMessage = maxMessage;
        this.sink = sink;
    }

    /** True once the connection must end: the reader failed or saw a close, a binary message or an error. */
    boolean done() {
        return done;
    }

    void feed(byte[] data, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end && !done) {
            if (!inPayload) {
                at = readHeader(data, at, end);
            } else {
                at = readPayload(data, at, end);
            }
        }
    }

    private int readHeader(byte[] data, int at, int end) {
        while (at < end && headerRead < headerLength) {
            header[headerRead++] = data[at++];
            if (headerRead == 2) {
                if ((header[1] & 0x80) == 0) {
                    fail(CloseStatus.PROTOCOL_ERROR); // clients must mask every frame
                    return at;
                }
                int length7 = header[1] & 0x7F;
                headerLength = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
            }
        }
        if (headerRead == headerLength) {
            startFrame();
        }
        return at;
    }

    private void startFrame() {
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0F;
        boolean masked = (header[1] & 0x80) != 0;
        int length7 = header[1] & 0x7F;
        long length = length7;
        if (length7 == 126) {
            length = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFFL);
            }
        }
        maskOffset = headerLength - 4;
        headerRead = 0;
        headerLength = 2;
        if ((header[0] & 0x70) != 0 || !masked || length < 0) {
            fail(CloseStatus.PROTOCOL_ERROR); // no extension was agreed; clients must mask
            return;
        }
        boolean controlFrame = (opcode & 0x8) != 0;
        if (controlFrame) {
            if (!fin || length > 125 || (opcode != Frame.CLOSE && opcode != Frame.PING && opcode != Frame.PONG)) {
                fail(CloseStatus.PROTOCOL_ERROR);
                return;
            }
            control = new byte[(int) length];
            controlLength = 0;
        } else if (opcode == Frame.BINARY && message == null) {
            done = true;
            sink.binary();
            return;
        } else if ((opcode == Frame.TEXT && message == null) || (opcode == 0 && message != null)) {
            if (messageLength + length > maxMessage) {
                fail(TOO_BIG);
                return;
            }
            if (message == null) {
                message = new byte[(int) length];
            } else if (messageLength + length > message.length) {
                byte[] grown =
                        new byte[(int) Math.min(maxMessage, Math.max(messageLength + length, message.length * 2L))];
                System.arraycopy(message, 0, grown, 0, messageLength);
                message = grown;
            }
        } else {
            fail(CloseStatus.PROTOCOL_ERROR); // a continuation of nothing, a new message inside one, or an unknown
            // opcode
            return;
        }
        remaining = length;
        maskIndex = 0;
        inPayload = true;
        if (remaining == 0) {
            endFrame();
        }
    }

    private int readPayload(byte[] data, int at, int end) {
        int take = (int) Math.min(remaining, end - at);
        boolean controlFrame = (opcode & 0x8) != 0;
        byte[] target = controlFrame ? control : message;
        int position = controlFrame ? controlLength : messageLength;
        for (int i = 0; i < take; i++) {
            target[position + i] = (byte) (data[at + i] ^ header[maskOffset + (maskIndex++ & 3)]);
        }
        if (controlFrame) {
            controlLength += take;
        } else {
            messageLength += take;
        }
        remaining -= take;
        if (remaining == 0) {
            endFrame();
        }
        return at + take;
    }

    private void endFrame() {
        inPayload = false;
        switch (opcode) {
            case Frame.PING -> sink.ping(control);
            case Frame.PONG -> sink.pong();
            case Frame.CLOSE -> closeFrame();
            default -> {
                if (fin) {
                    byte[] whole = message;
                    int length = messageLength;
                    message = null;
                    messageLength = 0;
                    String text = decode(whole, length);
                    if (text == null) {
                        fail(NOT_UTF8);
                    } else {
                        sink.text(text);
                    }
                }
            }
        }
        control = null;
    }

    private void closeFrame() {
        done = true;
        if (controlLength == 0) {
            sink.closeReceived(new CloseStatus(1005, ""));
        } else if (controlLength == 1) {
            sink.fail(CloseStatus.PROTOCOL_ERROR);
        } else {
            int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
            String reason = decode(control, controlLength, 2);
            sink.closeReceived(new CloseStatus(code, reason == null ? "" : reason));
        }
    }

    private void fail(CloseStatus status) {
        done = true;
        message = null;
        control = null;
        sink.fail(status);
    }

    private static String decode(byte[] bytes, int length) {
        return decode(bytes, length, 0);
    }

    private static String decode(byte[] bytes, int length, int from) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, length - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
