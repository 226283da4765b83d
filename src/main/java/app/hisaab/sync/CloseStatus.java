package app.hisaab.sync;

/**
 * The code and reason of a WebSocket close frame (RFC 6455 section 7.4). The reason is short text for
 * people reading logs; clients act on the code.
 */
record CloseStatus(int code, String reason) {

    static final CloseStatus NORMAL = new CloseStatus(1000, "");
    static final CloseStatus GOING_AWAY = new CloseStatus(1001, "");
    static final CloseStatus PROTOCOL_ERROR = new CloseStatus(1002, "Protocol error");
    /** The client went away without a close frame (never sent on the wire). */
    static final CloseStatus NO_CLOSE_FRAME = new CloseStatus(1006, "");

    static final CloseStatus SERVICE_RESTARTED = new CloseStatus(1012, "");
}
