package org.dqnspark.trainer.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MadeAheadTest {
    /** 0, 1, 2, ... {@code count - 1}, counting how many were made. */
    private static Iterator<Integer> counting(int count, AtomicInteger made) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return made.get() < count;
            }

            @Override
            public Integer next() {
                return made.getAndIncrement();
            }
        };
    }

    @Test
    void theConsumerGetsTheSourcesElementsInOrderAndThenTheEnd() {
        List<Integer> got = new ArrayList<>();
        try (MadeAhead<Integer> made = new MadeAhead<>(IntStream.range(0, 100).iterator(), 3, "test", () -> { })) {
            made.forEachRemaining(got::add);
            assertFalse(made.hasNext());
            assertThrows(NoSuchElementException.class, made::next);
        }
        assertEquals(IntStream.range(0, 100).boxed().toList(), got);
    }

    @Test
    void theMakerRunsAtMostTheGivenNumberOfElementsAheadOfTheConsumer() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        try (MadeAhead<Integer> ahead = new MadeAhead<>(counting(1000, made), 4, "test", () -> { })) {
            Thread.sleep(300);
            // 4 waiting in the queue, and the one the maker holds while it waits for room.
            assertEquals(5, made.get());
            assertEquals(0, ahead.next());
            Thread.sleep(300);
            assertEquals(6, made.get());
        }
    }

    @Test
    void theMakersFailureReachesTheConsumerAtTheElementWhereItStopped() {
        IllegalStateException broken = new IllegalStateException("frame 7 is missing");
        Iterator<Integer> source = new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (i == 2) {
                    throw broken;
                }
                return i++;
            }
        };
        try (MadeAhead<Integer> made = new MadeAhead<>(source, 8, "test", () -> { })) {
            assertEquals(0, made.next());
            assertEquals(1, made.next());
            assertSame(broken, assertThrows(IllegalStateException.class, made::hasNext));
        }
    }

    @Test
    void closingStopsTheMakerOfAnEndlessSource() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        MadeAhead<Integer> ahead = new MadeAhead<>(counting(Integer.MAX_VALUE, made), 2, "test", () -> { });
        assertEquals(0, ahead.next());
        ahead.close();
        for (int i = 0; i < 50 && !ahead.makerEnded(); i++) {
            Thread.sleep(20);
        }
        assertTrue(ahead.makerEnded());
        assertTrue(made.get() <= 4, "made " + made.get());
    }

    @Test
    void theMakerThreadRunsItsSetUpBeforeMakingAnything() {
        List<String> order = new ArrayList<>();
        Iterator<Integer> source = new Iterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public Integer next() {
                order.add("made on " + Thread.currentThread().getName());
                done = true;
                return 1;
            }
        };
        try (MadeAhead<Integer> made = new MadeAhead<>(source, 1, "maker-7",
                () -> order.add("set up on " + Thread.currentThread().getName()))) {
            assertEquals(1, made.next());
            assertFalse(made.hasNext());
        }
        assertEquals(List.of("set up on maker-7", "made on maker-7"), order);
    }
}
