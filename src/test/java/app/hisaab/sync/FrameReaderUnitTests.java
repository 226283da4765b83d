package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderUnitTests {

    private final List<String> events = new ArrayList<>();

    private final FrameReader reader = new FrameReader(16 * 1024, new FrameReader.Sink() {
        @Override
        public void text(String message) {
            events.add("text:" + message);
        }

        @Override
        public void binary() {
            events.add("binary");
        }

        @Override
        public void ping(byte[] payload) {
            events.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void pong() {
            events.add("pong");
        }

        @Override
        public void closeReceived(CloseStatus status) {
            events.add("close:" + status.code() + ":" + status.reason());
        }

        @Override
        public void fail(CloseStatus status) {
            events.add("fail:" + status.code());
        }
    });

    /** A frame as a client sends it: masked with a fixed key. */
    private static byte[] clientFrame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(mask | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(mask | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        byte[] key = {0x12, 0x34, 0x56, 0x78};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    private static byte[] text(String text) {
        return clientFrame(true, Frame.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    private void feedOneByteAtATime(byte[] bytes) {
        for (byte b : bytes) {
            reader.feed(new byte[] {b}, 0, 1);
        }
    }

    @Test
    void readsTextFramesInAnyPiecesAndOfEveryLengthForm() {
        String medium = "m".repeat(300);
        String withAccents = "₹ 12.50 for chai — ok";
        feedOneByteAtATime(text("{\"type\":\"ping\"}"));
        reader.feed(text(medium), 0, text(medium).length);
        feedOneByteAtATime(text(withAccents));
        feedOneByteAtATime(text(""));

        assertThat(events)
                .containsExactly("text:{\"type\":\"ping\"}", "text:" + medium, "text:" + withAccents, "text:");
        assertThat(reader.done()).isFalse();
    }

    @Test
    void joinsFragmentsAndTakesControlFramesBetweenThem() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(clientFrame(false, Frame.TEXT, "Hello, ".getBytes(StandardCharsets.UTF_8), true));
        all.writeBytes(clientFrame(true, Frame.PING, "p".getBytes(StandardCharsets.UTF_8), true));
        all.writeBytes(clientFrame(true, 0, "world".getBytes(StandardCharsets.UTF_8), true));
        all.writeBytes(clientFrame(true, Frame.PONG, new byte[0], true));
        byte[] bytes = all.toByteArray();
        reader.feed(bytes, 0, bytes.length);

        assertThat(events).containsExactly("ping:p", "text:Hello, world", "pong");
    }

    @Test
    void aCloseFrameCarriesItsCodeAndReason() {
        byte[] reason = "bye".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (4000 >>> 8);
        payload[1] = (byte) (4000 & 0xFF);
        System.arraycopy(reason, 0, payload, 2, reason.length);
        byte[] frame = clientFrame(true, Frame.CLOSE, payload, true);
        reader.feed(frame, 0, frame.length);

        assertThat(events).containsExactly("close:4000:bye");
        assertThat(reader.done()).isTrue();
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() {
        byte[] frame = clientFrame(true, Frame.TEXT, "x".getBytes(StandardCharsets.UTF_8), false);
        reader.feed(frame, 0, frame.length);
        assertThat(events).containsExactly("fail:1002");
    }

    @Test
    void aContinuationOfNothingAndAnUnknownOpcodeAreProtocolErrors() {
        byte[] frame = clientFrame(true, 0, "x".getBytes(StandardCharsets.UTF_8), true);
        reader.feed(frame, 0, frame.length);
        assertThat(events).containsExactly("fail:1002");

        FrameReaderUnitTests other = new FrameReaderUnitTests();
        byte[] unknown = clientFrame(true, 0x3, new byte[0], true);
        other.reader.feed(unknown, 0, unknown.length);
        assertThat(other.events).containsExactly("fail:1002");
    }

    @Test
    void aMessageOverTheLimitFailsWith1009BeforeItsPayloadIsRead() {
        byte[] frame = clientFrame(true, Frame.TEXT, new byte[16 * 1024 + 1], true);
        reader.feed(frame, 0, 20); // the header alone
        assertThat(events).containsExactly("fail:1009");
        assertThat(reader.done()).isTrue();
    }

    @Test
    void fragmentsTogetherOverTheLimitFailWith1009() {
        byte[] first = clientFrame(false, Frame.TEXT, new byte[10 * 1024], true);
        byte[] second = clientFrame(true, 0, new byte[7 * 1024], true);
        reader.feed(first, 0, first.length);
        reader.feed(second, 0, second.length);
        assertThat(events).containsExactly("fail:1009");
    }

    @Test
    void textThatIsNotUtf8FailsWith1007() {
        byte[] frame = clientFrame(true, Frame.TEXT, new byte[] {(byte) 0xC3, (byte) 0x28}, true);
        reader.feed(frame, 0, frame.length);
        assertThat(events).containsExactly("fail:1007");
    }

    @Test
    void aBinaryMessageIsReportedAndNothingMoreIsRead() {
        byte[] frame = clientFrame(true, Frame.BINARY, new byte[] {1, 2, 3}, true);
        byte[] after = text("ignored");
        reader.feed(frame, 0, frame.length);
        reader.feed(after, 0, after.length);
        assertThat(events).containsExactly("binary");
    }

    @Test
    void serverFramesAreUnmaskedWithTheShortestLength() {
        assertThat(Frame.text("hi").bytes()).containsExactly(0x81, 2, 'h', 'i');
        byte[] medium = Frame.text("x".repeat(200)).bytes();
        assertThat(medium[1]).isEqualTo((byte) 126);
        assertThat(((medium[2] & 0xFF) << 8) | (medium[3] & 0xFF)).isEqualTo(200);
        byte[] large = Frame.text("x".repeat(70_000)).bytes();
        assertThat(large[1]).isEqualTo((byte) 127);
        assertThat(large.length).isEqualTo(10 + 70_000);
        assertThat(Frame.close(new CloseStatus(4401, "Unauthorized")).bytes())
                .startsWith(0x88, 14, 4401 >>> 8, 4401 & 0xFF, 'U');
        assertThat(Frame.close(new CloseStatus(1000, "é".repeat(100))).bytes().length)
                .isLessThanOrEqualTo(2 + 125);
    }
}
