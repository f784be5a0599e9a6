package org.dqnspark.collector;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.dqnspark.core.store.TransitionSchema;

/** How every writer of the {@code transitions} table writes its Parquet files: the collector's and the recorders'. */
public final class TransitionFiles {
    private TransitionFiles() {
    }

    /** Writes {@code rows} ({@link TransitionSchema#FILE_SCHEMA}) into the new directory {@code target}. */
    public static void write(Dataset<Row> rows, Path target) {
        rows.write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", "zstd")
                // Frames are hundreds to thousands of bytes with few repeats: a dictionary never pays off for them.
                .option("parquet.enable.dictionary#" + TransitionSchema.FRAME, "false")
                .option("parquet.enable.dictionary#" + TransitionSchema.NEXT_FRAME, "false")
                .parquet(target.toString());
    }
}
