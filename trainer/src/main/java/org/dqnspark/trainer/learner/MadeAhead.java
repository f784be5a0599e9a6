package org.dqnspark.trainer.learner;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The elements of an iterator, made by a thread of their own up to {@code ahead} elements before the
 * consumer asks for them: the fit's minibatches are sampled and labelled while the online network fits the
 * ones before (sampling and the target forward off the update's critical path). Elements come in the
 * source's order; an exception in the maker reaches the consumer at the element it stopped at. The maker
 * stops at the end, at {@link #close}, or when it fails.
 */
final class MadeAhead<T> implements Iterator<T>, AutoCloseable {
    /** Placed after the last element. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread maker;
    private volatile boolean closed;
    /** The element taken from the queue and not yet returned, END, or a {@link Failure}; null if none. */
    private Object taken;

    private record Failure(Throwable cause) {
    }

    /**
     * Starts making {@code source}'s elements on a daemon thread named {@code name}, which first runs
     * {@code onMakerThread} (its native thread counts, say).
     */
    MadeAhead(Iterator<T> source, int ahead, String name, Runnable onMakerThread) {
        if (ahead < 1) {
            throw new IllegalArgumentException("ahead must be >= 1, got " + ahead);
        }
        this.queue = new ArrayBlockingQueue<>(ahead);
        this.maker = new Thread(() -> make(source, onMakerThread), name);
        maker.setDaemon(true);
        maker.start();
    }

    private void make(Iterator<T> source, Runnable onMakerThread) {
        Object last = END;
        try {
            onMakerThread.run();
            while (!closed && source.hasNext()) {
                if (!put(source.next())) {
                    return;
                }
            }
        } catch (Throwable e) { // handed to the consumer, which throws it
            last = new Failure(e);
        }
        put(last);
    }

    /** Puts {@code element} when there is room, unless closed first: whether it was put. */
    private boolean put(Object element) {
        try {
            while (!closed) {
                if (queue.offer(element, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public boolean hasNext() {
        if (taken == null) {
            try {
                taken = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + maker.getName(), e);
            }
        }
        if (taken instanceof Failure failure) {
            if (failure.cause() instanceof RuntimeException e) {
                throw e;
            }
            if (failure.cause() instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(maker.getName() + " failed", failure.cause());
        }
        return taken != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException(maker.getName() + " has made all its elements");
        }
        T element = (T) taken;
        taken = null;
        return element;
    }

    /** Stops the maker (after the element it is making), for a consumer that stops early. */
    @Override
    public void close() {
        closed = true;
        maker.interrupt();
    }

    /** Whether the maker thread has ended. */
    boolean makerEnded() {
        return !maker.isAlive();
    }
}
