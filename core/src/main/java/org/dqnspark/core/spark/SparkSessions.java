package org.dqnspark.core.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of every job. {@code local[*]} by default (the embedded default), any master by
 * name; under spark-submit the submitted master wins. Executors get the same JVM flags and native
 * libraries' environment as bin/dqn gives the driver ({@link JvmProperties}), so a cluster needs no extra
 * set-up for Java 17 or for the natives' thread policy.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(String appName, String master) {
        return create(appName, master, Map.of());
    }

    /** As {@link #create(String, String)}, with {@code settings} (Spark's keys) set on top. */
    public static SparkSession create(String appName, String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        settings.forEach(conf::set);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.executor.extraJavaOptions", String.join(" ", JvmProperties.flags()));
        JvmProperties.nativeEnvironment().forEach((name, value) ->
                conf.setIfMissing("spark.executorEnv." + name, value));
        // Our jobs print their own progress; Spark's console bar would garble it.
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // Running tasks report their accumulators with each heartbeat; progress lines read them, so their
        // numbers move once a second at most (Spark's default heartbeat is 10 s).
        conf.setIfMissing("spark.executor.heartbeatInterval", "1s");
        conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        // Nothing listens beyond this machine unless asked: a batch job's web UI would show its environment and
        // settings to anyone who can reach the host (DQN_JAVA_OPTS=-Dspark.ui.enabled=true brings it back), and
        // in local mode the driver, its executors in the same JVM, needs no address but the loopback one.
        conf.setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "localhost");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
