package app.hisaab.sync;

import java.util.function.Consumer;

/**
 * The one daemon thread of a lifecycle bean that runs a loop on its own connection (the LISTEN, the
 * NOTIFY sender, the sequencer): started with the bean; stopped by clearing the flag the loop checks,
 * waking the loop the way it waits, and joining it for up to 5 s.
 */
final class LoopThread {

    private final String name;
    private volatile boolean running;
    private volatile Thread thread;

    LoopThread(String name) {
        this.name = name;
    }

    void start(Runnable loop) {
        running = true;
        Thread started = new Thread(loop, name);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Stops the loop; {@code wakeUp} gets the thread, to interrupt it or to release what it waits on. */
    void stop(Consumer<Thread> wakeUp) {
        running = false;
        Thread stopping = thread;
        if (stopping == null) {
            return;
        }
        wakeUp.accept(stopping);
        try {
            stopping.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the loop should go on: true from start to stop. */
    boolean running() {
        return running;
    }
}
