package org.dqnspark.app;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * A file of the store that a job met and could not read (a checksum error, a truncated or foreign Parquet
 * file), told in two lines that name it and the command that sets it aside, rather than Spark's trace of
 * a few hundred lines.
 */
record DamagedFile(String path, String reason) {
    /** Words of the exceptions that Hadoop, Parquet and Spark throw for a file whose bytes are wrong. */
    private static final List<String> SIGNS = List.of("is not a Parquet file", "Could not read footer",
            "CANNOT_READ_FILE_FOOTER", "FAILED_READ_FILE", "Encountered error while reading file",
            "Checksum error", "can not read class org.apache.parquet.format");
    private static final Pattern FILE = Pattern.compile("((?:file|hdfs|s3a?|[a-z]+):/[^\\s,;]+|/[^\\s,;:]+)"
            + "/(transitions|episodes|training|evaluations|cycles)/[^\\s,;]*?\\.parquet");
    private static final Pattern TABLE_FILE = Pattern.compile("(.*)/([^/]+)/(?:transitions|episodes|training"
            + "|evaluations|cycles)/.*");

    /** The damaged store file {@code e} is about, if it is about one. */
    static Optional<DamagedFile> in(Throwable e) {
        boolean damage = false;
        Optional<String> path = Optional.empty();
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            boolean sign = t instanceof ChecksumException || t instanceof ParquetDecodingException
                    || SIGNS.stream().anyMatch(message::contains);
            damage |= sign;
            if (sign) {
                reason = t.getClass().getSimpleName() + ": " + firstLine(message);
            }
            Matcher file = FILE.matcher(message);
            if (path.isEmpty() && file.find()) {
                path = Optional.of(file.group());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (!damage || path.isEmpty()) {
            return Optional.empty();
        }
        java.net.URI uri = new org.apache.hadoop.fs.Path(path.get()).toUri();
        boolean local = uri.getScheme() == null || "file".equals(uri.getScheme());
        String file = local ? uri.getPath() : path.get();
        String why = reason.replace(path.get(), "").replace("file://" + file, "").replace("file:" + file, "")
                .replace(file, "").replace("  ", " ");
        return Optional.of(new DamagedFile(file, why));
    }

    /** Two lines: the file and why, then the repair command (with the store and run the path gives). */
    String message(String traceFile) {
        Matcher table = TABLE_FILE.matcher(path);
        String repair = table.matches()
                ? "dqn store check --store " + table.group(1) + " --run " + table.group(2) + " --repair"
                : "dqn store check --store <store> --repair";
        return "damaged file in the store: " + path + " (" + reason + ")\n"
                + "Set it aside, keeping the rest of the run: " + repair + " (the trace is in " + traceFile + ")";
    }

    private static String firstLine(String message) {
        String text = message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
