package app.hisaab.sync;

/** A WebSocket connection as {@link SocketSession} writes to it: one frame at a time, never waiting. */
interface Wire {

    /** Called once a frame has gone to the network in full (failure null), or could not. */
    interface Written {
        void done(Throwable failure);
    }

    String id();

    boolean isOpen();

    /**
     * Starts writing a frame without waiting for the client. {@code done} runs when it is written, on
     * this thread if that is at once, else on the container's. At most one frame is written at a time.
     */
    void write(Frame frame, Written done);

    /** Sends the close frame (after the frame being written, if any, when the client takes it) and ends the connection. */
    void close(CloseStatus status);

    /** The {@link System#nanoTime()} since which a frame waits for the client to take it, or 0 when none does. */
    long waitingSince();
}
