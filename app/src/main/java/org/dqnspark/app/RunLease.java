package org.dqnspark.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;

/**
 * The run's writer lock where the operating system cannot lock a file (a store on HDFS): a lease file,
 * {@code <run>/run.lease}, created exclusively ({@code create} without overwrite: atomic on HDFS, where the
 * NameNode creates a file once; the local file system checks then creates, so there it is for tests), naming
 * its holder and when it expires, and renewed by its holder every third of its term. A writer that finds
 * a lease unexpired stops (or waits); a lease left by a holder that died expires after {@link #TERM} and
 * the next writer takes it over, renaming it aside first so that of two writers taking it over at once
 * only one can. On S3, whose object writes were not exclusive before 2024 and are not through every
 * Hadoop connector, the scheduler must keep writers of a run apart (Airflow: {@code max_active_runs=1}).
 */
final class RunLease implements AutoCloseable {
    /** How long a lease lasts without renewal: a dead holder's lease blocks the run at most this long. */
    static final Duration TERM = Duration.ofSeconds(60);

    private final FileSystem fs;
    private final Path file;
    private final String holder;
    private final Duration term;
    private final ScheduledExecutorService renewal;

    private RunLease(FileSystem fs, Path file, String holder, Duration term) {
        this.fs = fs;
        this.file = file;
        this.holder = holder;
        this.term = term;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dqn-run-lease");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, term.toMillis() / 3);
        renewal.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** The lease of {@code run} for {@code holder}, lasting {@link #TERM} unless renewed. */
    static RunLease acquire(RunLayout run, String holder, boolean wait, Configuration hadoop) {
        return acquire(run, holder, wait, hadoop, TERM);
    }

    /**
     * As {@link #acquire(RunLayout, String, boolean, Configuration)} with a lease of {@code term}.
     *
     * @throws RunLock.Held naming the holder when another one holds an unexpired lease and {@code wait} is false
     */
    static RunLease acquire(RunLayout run, String holder, boolean wait, Configuration hadoop, Duration term) {
        Path file = new Path(run.runDir(), "run.lease");
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            fs.mkdirs(run.runDir());
            boolean told = false;
            int halfWritten = 0;
            while (true) {
                if (tryCreate(fs, file, holder, term)) {
                    return new RunLease(fs, file, holder, term);
                }
                Properties current = read(fs, file);
                if (current != null && current.getProperty("expires_at") == null && halfWritten++ < 40) {
                    Thread.sleep(25); // its holder is renewing it this moment: read it again
                    continue;
                }
                if (current != null && expired(current)) {
                    // Renamed aside, not deleted: only one of two writers taking over can move it.
                    fs.rename(file, new Path(run.runDir(), "_run.lease.expired-" + UUID.randomUUID()));
                    continue;
                }
                String who = current == null ? "a writer starting up" : current.getProperty("holder", "a writer")
                        + ", lease until " + current.getProperty("expires_at", "(being renewed)");
                if (!wait) {
                    throw new RunLock.Held("Another dqn command is writing to run '" + run.run() + "': " + who
                            + " (lease " + file + ").\nWait for it to finish, or pass --wait to wait for it; a"
                            + " lease left by a command that died expires " + String.format("%.1f", term.toMillis()
                            / 1000.0) + " s after its last renewal.");
                }
                if (!told) {
                    System.err.printf("dqn: waiting for the run's other writer (%s) to finish%n", who);
                    told = true;
                }
                Thread.sleep(Math.min(1000, term.toMillis() / 3));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lease " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while waiting for the lease " + file + ".", e);
        }
    }

    private static boolean tryCreate(FileSystem fs, Path file, String holder, Duration term) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(text(holder, term).getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException exists) {
            return false;
        } catch (IOException e) {
            if (fs.exists(file)) {
                return false; // the local file system says so with a plain IOException
            }
            throw e;
        }
    }

    private static String text(String holder, Duration term) {
        return "holder=" + holder.replace("\n", " ") + "\nexpires_at=" + Instant.now().plus(term) + "\n";
    }

    private static Properties read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            Properties lease = new Properties();
            lease.load(in);
            return lease;
        } catch (java.io.FileNotFoundException gone) {
            return null;
        }
    }

    private static boolean expired(Properties lease) {
        try {
            return Instant.parse(lease.getProperty("expires_at", "")).isBefore(Instant.now());
        } catch (java.time.format.DateTimeParseException unreadable) {
            return false; // being written: not ours to take
        }
    }

    /** Extends the lease by its term (the holder alone writes it). */
    private void renew() {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text(holder, term).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("dqn: could not renew the run's lease " + file + ": " + e.getMessage());
        }
    }

    /** Ends the renewal and removes the lease. */
    @Override
    public void close() {
        renewal.shutdownNow();
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lease " + file, e);
        }
    }
}
