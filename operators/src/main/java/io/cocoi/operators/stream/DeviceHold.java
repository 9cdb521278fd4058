package io.cocoi.operators.stream;

import java.util.concurrent.TimeUnit;

/** Holds an emulated device (the master or a worker) until a wall-clock time has passed. */
final class DeviceHold {

    private DeviceHold() {}

    /** Sleeps until {@code wallClockMs}; returns at once when it has passed. */
    static void until(long wallClockMs) throws InterruptedException {
        long remainingMs = wallClockMs - System.currentTimeMillis();
        if (remainingMs > 0) {
            TimeUnit.MILLISECONDS.sleep(remainingMs);
        }
    }
}
