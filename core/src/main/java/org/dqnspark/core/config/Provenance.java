package org.dqnspark.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which code wrote an output: dqn-spark's version and the git commit its jar was built from
 * ({@code dqn-build.properties}, made by the build), recorded by every job next to the settings it ran
 * with ({@link Settings#render()}).
 */
public final class Provenance {
    private static final String CODE_VERSION = load();

    private Provenance() {
    }

    /** {@code dqn-spark 0.1.0-SNAPSHOT, commit 1a2b3c4} (with {@code , uncommitted changes} when built from a dirty tree). */
    public static String codeVersion() {
        return CODE_VERSION;
    }

    private static String load() {
        Properties build = new Properties();
        try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream("dqn-build.properties")) {
            if (in == null) {
                return "dqn-spark (version unknown: built without dqn-build.properties)";
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dqn-build.properties", e);
        }
        return "dqn-spark " + build.getProperty("git.build.version", "?") + ", commit "
                + build.getProperty("git.commit.id.abbrev", "unknown")
                + (Boolean.parseBoolean(build.getProperty("git.dirty")) ? ", uncommitted changes" : "");
    }
}
