package org.selfreg.model.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the JVM free the direct buffers nothing refers to any more and hands their memory out again, filled with
 * {@code 0x7f} bytes (3.4e38 as a float): an array whose memory Java owned and freed then reads back as garbage.
 */
public final class DirectMemoryChurn {

    private final List<ByteBuffer> held = new ArrayList<>();

    /**
     * Runs {@code rounds} rounds of a garbage collection followed by {@code buffersPerRound} new direct buffers of
     * {@code bytes} bytes each, kept until {@link #release()}.
     */
    public DirectMemoryChurn churn(int rounds, int buffersPerRound, int bytes) {
        for (int round = 0; round < rounds; round++) {
            System.gc();
            for (int i = 0; i < buffersPerRound; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7f);
                }
                held.add(buffer);
            }
        }
        return this;
    }

    /** Lets the buffers go. */
    public void release() {
        held.clear();
    }
}
