package org.dqnspark.sqlserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.store.StoreTables;

/**
 * The store's views in the server's one session, kept current: before each statement the store's runs,
 * their tables' partition directories and snapshot files are listed (a few hundred names; no file is read),
 * and when that listing changed since the views were made, they are made again. Every commit of the jobs
 * adds a partition directory or a snapshot file, so a run or iteration written after the server started is
 * in the next query. (A view made once would keep the file list Spark took when it was made.)
 */
final class StoreViews {
    /** True on the thread that registers the views: their own CREATE VIEW commands pass the read-only check. */
    private static final ThreadLocal<Boolean> REGISTERING = ThreadLocal.withInitial(() -> false);

    private final SparkSession spark;
    private final String store;
    private List<String> registeredListing;

    StoreViews(SparkSession spark, String store) {
        this.spark = spark;
        this.store = store;
    }

    /** Registers the views again if the store changed since they were registered. */
    synchronized void refresh() {
        List<String> listing = listing();
        if (!listing.equals(registeredListing)) {
            REGISTERING.set(true);
            try {
                StoreTables.register(spark, store);
            } finally {
                REGISTERING.set(false);
            }
            registeredListing = listing;
        }
    }

    static boolean registeringOnThisThread() {
        return REGISTERING.get();
    }

    /** Every directory and file name two levels under each run's tables, in order. */
    private List<String> listing() {
        Path root = new Path(store);
        List<String> names = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus run : list(fs, root)) {
                names.add(run.getPath().getName());
                if (!run.isDirectory()) {
                    continue;
                }
                for (FileStatus table : list(fs, run.getPath())) {
                    if (table.isDirectory()) {
                        for (FileStatus part : list(fs, table.getPath())) {
                            names.add(run.getPath().getName() + "/" + table.getPath().getName() + "/"
                                    + part.getPath().getName());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the store " + store, e);
        }
        names.sort(null);
        return names;
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    }
}
