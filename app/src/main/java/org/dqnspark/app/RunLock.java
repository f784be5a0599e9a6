package org.dqnspark.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;

/**
 * One writer per run: every command that writes to a run (collect, train, evaluate, cycle) holds this lock
 * while it runs. Cron or a user may start a second writer while the first still runs; it must stop rather
 * than write beside the first (a second collect's start used to discard the first one's staging, and the
 * first died after its whole collect). On a local store this is an operating-system lock on
 * {@code <run>/run.lock}, released by the kernel however the holder ends ({@code kill -9} included), so a
 * killed job never leaves a stale lock; the file names the holder. Other file systems (HDFS) have no such
 * lock: there the run holds a {@link RunLease}, a lease file with an expiry that its holder renews (on S3,
 * where creating a file is not exclusive, the scheduler must also keep writers apart).
 * Readers ({@code dqn sql}) never take it.
 */
final class RunLock implements AutoCloseable {
    /** The OS-locked file's channel (a local store) or the lease (any other); closing it releases the run. */
    private final AutoCloseable held;

    private RunLock(AutoCloseable held) {
        this.held = held;
    }

    /**
     * The lock of {@code run} for {@code command}, waiting for the holder when {@code wait}.
     *
     * @throws UserError naming the holder when another command holds it and {@code wait} is false
     */
    static RunLock acquire(RunLayout run, String command, boolean wait) {
        String scheme = run.store().toUri().getScheme();
        if (scheme != null && !"file".equals(scheme)) {
            return new RunLock(RunLease.acquire(run, String.format("%s, pid %d on %s, since %s", command,
                    ProcessHandle.current().pid(), host(), Instant.now()), wait, new Configuration()));
        }
        Path file = Path.of(run.runDir().toUri().getPath()).resolve("run.lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null && wait) {
                System.err.printf("dqn: waiting for the run's other writer (%s) to finish%n", holder(file));
                while (lock == null) {
                    Thread.sleep(1000);
                    lock = tryLock(channel);
                }
            }
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new Held("Another dqn command is writing to run '" + run.run() + "': " + holder + " (lock "
                        + file + ").\nWait for it to finish, or pass --wait to wait for it; one command writes to a"
                        + " run at a time.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.format("%s, pid %d on %s, since %s", command,
                    ProcessHandle.current().pid(), host(), Instant.now()).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new RunLock(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while waiting for the lock " + file + ".", e);
        }
    }

    /**
     * The lock of {@code run} if no other command holds it, else empty: for a command that only needs to know
     * whether a writer is at work ({@code dqn store check} looks at {@code _staging/} only when none is).
     */
    static Optional<RunLock> tryAcquire(RunLayout run, String command) {
        try {
            return Optional.of(acquire(run, command, false));
        } catch (Held held) {
            return Optional.empty();
        }
    }

    /** Another command holds the run: the message names it. */
    static final class Held extends UserError {
        Held(String message) {
            super(message);
        }
    }

    /** The lock, or null when another process holds it or another command of this JVM does. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static String holder(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "a command starting up" : text;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }

    /** Releases the lock (closing the channel releases the OS lock; the lease is removed). */
    @Override
    public void close() {
        try {
            held.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the run's lock", e);
        }
    }
}
