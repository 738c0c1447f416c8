package org.selfreg.model.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LibtorchWorkTest {

    /** The engine loads here, so its work threads start like a worker's: on a thread that did not load it. */
    @BeforeAll
    static void loadTheEngineOnThisThread() {
        Engine.getInstance();
    }

    @Test
    void runsTheWorkOnANamedThreadThatHasEndedWhenItReturns() {
        Thread ranOn = LibtorchWork.onOwnThread("train task-1", () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                assertEquals(6f, manager.create(new float[] {1, 2, 3}).sum().getFloat());
            }
            return Thread.currentThread();
        });
        assertNotSame(Thread.currentThread(), ranOn);
        assertEquals("train task-1", ranOn.getName());
        assertFalse(ranOn.isAlive());
    }

    @Test
    void theWorkCanUpdateAWeightInPlaceAsOnTheThreadThatLoadedTheEngine() {
        float[] updated = LibtorchWork.onOwnThread("update", () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray weight = manager.create(new float[] {1, 2});
                weight.setRequiresGradient(true);
                return weight.subi(manager.create(new float[] {0.5f, 0.5f})).toFloatArray();
            }
        });
        assertArrayEquals(new float[] {0.5f, 1.5f}, updated);
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerUnchanged() {
        IllegalArgumentException thrown = new IllegalArgumentException("bad input");
        assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> LibtorchWork.onOwnThread("w", () -> {
            throw thrown;
        })));
        AssertionError error = new AssertionError("an error");
        assertSame(error, assertThrows(AssertionError.class, () -> LibtorchWork.onOwnThread("w", () -> {
            throw error;
        })));
    }
}
