package org.dqnspark.core.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of every job. {@code local[*]} by default (the embedded default), any master by
 * name; under spark-submit the submitted master wins. Executors get the same JVM flags and native
 * libraries' environment as bin/dqn gives the driver, from conf/jvm.properties (on the classpath), so a
 * cluster needs no extra set-up for Java 17 or for the natives' thread policy.
 */
public final class SparkSessions {
    private static final String NATIVE_ENV_PREFIX = "dqn.native.env.";

    private SparkSessions() {
    }

    public static SparkSession create(String appName, String master) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.executor.extraJavaOptions", jvmFlags());
        nativeEnvironment().forEach((name, value) -> conf.setIfMissing("spark.executorEnv." + name, value));
        // Our jobs print their own progress; Spark's console bar would garble it.
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // Running tasks report their accumulators with each heartbeat; progress lines read them, so their
        // numbers move once a second at most (Spark's default heartbeat is 10 s).
        conf.setIfMissing("spark.executor.heartbeatInterval", "1s");
        conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** The JVM flags every dqn-spark JVM runs with (conf/jvm.properties). */
    public static String jvmFlags() {
        return jvmProperties().getProperty("dqn.jvm.flags").trim();
    }

    /**
     * The environment variables of the native libraries (conf/jvm.properties, {@code dqn.native.env.*}),
     * by name. They take effect only if set before the process starts.
     */
    public static Map<String, String> nativeEnvironment() {
        Properties properties = jvmProperties();
        Map<String, String> environment = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(NATIVE_ENV_PREFIX)) {
                environment.put(key.substring(NATIVE_ENV_PREFIX.length()), properties.getProperty(key).trim());
            }
        }
        return environment;
    }

    private static Properties jvmProperties() {
        Properties properties = new Properties();
        try (InputStream in = SparkSessions.class.getClassLoader().getResourceAsStream("jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm.properties is missing from the classpath (built from conf/)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
