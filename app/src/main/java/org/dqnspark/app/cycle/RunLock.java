package org.dqnspark.app.cycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;

/**
 * One cycle job per run at a time. Cron or a scheduler may start the next invocation while the last
 * one still runs; the second must stop rather than write beside the first. On a local store this is an
 * operating-system lock on {@code <run>/cycle.lock}, released by the kernel however the holder ends
 * ({@code kill -9} included), so a killed job never leaves a stale lock. Other file systems (HDFS, S3)
 * have no such lock: there the scheduler must not overlap runs (Airflow: {@code max_active_runs=1}).
 */
final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The run's lock; empty when the store is not on the local file system. */
    static Optional<RunLock> acquire(RunLayout run) {
        String scheme = run.store().toUri().getScheme();
        if (scheme != null && !"file".equals(scheme)) {
            return Optional.empty();
        }
        Path file = Path.of(run.runDir().toUri().getPath()).resolve("cycle.lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                channel.close();
                throw new UserError("Another dqn cycle is running on run '" + run.run() + "' (" + holder + ", lock "
                        + file + "). Wait for it to finish; cycles of one run never run side by side.");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since "
                    + java.time.Instant.now()).getBytes(StandardCharsets.UTF_8)));
            return Optional.of(new RunLock(channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
