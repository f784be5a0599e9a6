package org.dqnspark.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Counts a run of the store with DuckDB's own Parquet reader (DuckDB's JDBC driver), which shares no code
 * with Spark's writer: what {@code bench/kill-resume.sh} compares between a killed-and-resumed run and a
 * clean one. Prints one line of {@code key=value}:
 * <ul>
 * <li>{@code transitions}: rows; {@code transition_keys}: distinct (iteration, actor, episode, step), so
 *     {@code transitions - transition_keys} rows are doubled;
 * <li>{@code iterations}, {@code cycles} (distinct cycle rows), {@code cycle_rows}, {@code snapshots} (files),
 *     {@code evaluations} (partitions);
 * <li>{@code episodes}: rows; {@code finished_in_transitions}: episodes the transitions finish (game over or
 *     truncated), which the episodes table must equal;
 * <li>{@code staging_files}: files left under {@code _staging/}.
 * </ul>
 * Usage: {@code StoreCount <store> <run>}.
 */
public final class StoreCount {
    private StoreCount() {
    }

    public static void main(String[] args) throws SQLException {
        String run = args[0] + "/" + args[1];
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = duck.createStatement()) {
            String transitions = "read_parquet('" + run + "/transitions/*/*.parquet', hive_partitioning = true)";
            String episodes = "read_parquet('" + run + "/episodes/*/*.parquet', hive_partitioning = true)";
            String cycles = "read_parquet('" + run + "/cycles/*/*.parquet', hive_partitioning = true)";
            StringBuilder line = new StringBuilder();
            line.append(value(sql, "transitions", "SELECT count(*) FROM " + transitions));
            line.append(value(sql, "transition_keys", "SELECT count(*) FROM (SELECT DISTINCT iteration, actor,"
                    + " episode_id, episode_step FROM " + transitions + ")"));
            line.append(value(sql, "iterations", "SELECT count(DISTINCT iteration) FROM " + transitions));
            line.append(value(sql, "episodes", "SELECT count(*) FROM " + episodes));
            line.append(value(sql, "finished_in_transitions", "SELECT count(*) FROM " + transitions
                    + " WHERE game_over OR truncated"));
            line.append(value(sql, "cycles", "SELECT count(DISTINCT cycle) FROM " + cycles));
            line.append(value(sql, "cycle_rows", "SELECT count(*) FROM " + cycles));
            line.append(value(sql, "snapshots", "SELECT count(*) FROM glob('" + run + "/snapshots/*.zip')"));
            line.append(value(sql, "evaluations", "SELECT count(DISTINCT regexp_extract(file, 'evaluation=(\\d+)', 1))"
                    + " FROM glob('" + run + "/evaluations/*/*.parquet')"));
            line.append(value(sql, "staging_files", "SELECT count(*) FROM glob('" + run + "/_staging/**')"));
            System.out.println(line.toString().strip());
        }
    }

    private static String value(Statement sql, String key, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return String.format(Locale.ROOT, " %s=%d", key, result.getLong(1));
        }
    }
}
