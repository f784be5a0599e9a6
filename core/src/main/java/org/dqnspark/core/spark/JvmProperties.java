package org.dqnspark.core.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * conf/jvm.properties, the JVM flags and the native libraries' environment every dqn-spark JVM needs,
 * read here (from the copy the build puts on the classpath) and nowhere else in our code. Spark's
 * executors get them from {@link SparkSessions}. bin/dqn and bin/dqn-submit get them from the two
 * plain files {@link #main} writes when the app is packaged (app/target/jvm/), so a launcher neither
 * starts a JVM to read them nor parses properties in shell. The Maven tests are the one other reader:
 * surefire's argLine and environmentVariables are Maven properties, which properties-maven-plugin
 * reads from conf/jvm.properties before any of this is compiled (with java.util.Properties too).
 */
public final class JvmProperties {
    /** The file listing the JVM flags, one a line (bin/dqn reads it into an array, bin/dqn-submit joins it). */
    public static final String FLAGS_FILE = "flags";
    /** The file listing the native libraries' environment, {@code NAME=value} a line. */
    public static final String NATIVE_ENV_FILE = "native-env";

    private static final String FLAGS = "dqn.jvm.flags";
    private static final String NATIVE_ENV_PREFIX = "dqn.native.env.";
    /** What a shell accepts as a variable name, so that bin/dqn can export each one as it reads it. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JvmProperties() {
    }

    /** The JVM flags every dqn-spark JVM runs with ({@code dqn.jvm.flags}), one word each. */
    public static List<String> flags() {
        return List.of(read().getProperty(FLAGS).trim().split("\\s+"));
    }

    /**
     * The environment variables of the native libraries ({@code dqn.native.env.<NAME>}), by name. They take
     * effect only if set before the process starts.
     */
    public static Map<String, String> nativeEnvironment() {
        Properties properties = read();
        Map<String, String> environment = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(NATIVE_ENV_PREFIX)) {
                String name = key.substring(NATIVE_ENV_PREFIX.length());
                String value = properties.getProperty(key).trim();
                if (!VARIABLE_NAME.matcher(name).matches() || value.contains("\n")) {
                    throw new IllegalStateException("jvm.properties: " + key + " is not a variable a shell can export");
                }
                environment.put(name, value);
            }
        }
        return environment;
    }

    /** Writes {@value #FLAGS_FILE} and {@value #NATIVE_ENV_FILE} into the directory {@code args[0]}, for bin/. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.write(dir.resolve(FLAGS_FILE), flags(), StandardCharsets.UTF_8);
        List<String> environment = new ArrayList<>();
        nativeEnvironment().forEach((name, value) -> environment.add(name + "=" + value));
        Files.write(dir.resolve(NATIVE_ENV_FILE), environment, StandardCharsets.UTF_8);
    }

    private static Properties read() {
        Properties properties = new Properties();
        try (InputStream in = JvmProperties.class.getClassLoader().getResourceAsStream("jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm.properties is missing from the classpath (built from conf/)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (properties.getProperty(FLAGS) == null) {
            throw new IllegalStateException("jvm.properties declares no " + FLAGS);
        }
        return properties;
    }
}
