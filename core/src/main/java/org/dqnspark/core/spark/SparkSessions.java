package org.dqnspark.core.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of every job. {@code local[*]} by default (the embedded default), any master by
 * name; under spark-submit the submitted master wins. Executors get the same JVM flags as the driver,
 * from conf/jvm.properties (on the classpath), so a cluster needs no extra set-up for Java 17.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(String appName, String master) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.executor.extraJavaOptions", jvmFlags());
        // Our jobs print their own progress; Spark's console bar would garble it.
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // Running tasks report their accumulators with each heartbeat; progress lines read them.
        conf.setIfMissing("spark.executor.heartbeatInterval", "2s");
        conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** The JVM flags every dqn-spark JVM runs with (conf/jvm.properties). */
    public static String jvmFlags() {
        Properties properties = new Properties();
        try (InputStream in = SparkSessions.class.getClassLoader().getResourceAsStream("jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm.properties is missing from the classpath (built from conf/)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("dqn.jvm.flags").trim();
    }
}
