package org.dqnspark.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.dqnspark.core.UserError;

/**
 * The resolved configuration: {@code reference.conf} (conf/, the one home of every default), then the
 * defaults of the game's family ({@code dqn.game-defaults.<family>} in reference.conf: a MinAtar game
 * gets MinAtar's network), then an optional {@code --conf FILE}, then {@code --set key=value}
 * overrides, later ones winning. Keys renamed since (see {@link RenamedSettings}) still work, with a warning.
 *
 * <p>Resolution is eager, as Lightbend Config advises: a key that {@code reference.conf} does not
 * declare, a value of the wrong type or out of range fails at start-up with the key named. Jobs read
 * typed settings records built from this object; none carries its own fallback defaults.
 */
public final class Settings {
    /** reference.conf's section of per-family defaults. */
    private static final String GAME_DEFAULTS = "dqn.game-defaults";

    private final Config config;

    private Settings(Config config) {
        this.config = config;
    }

    /** The defaults alone. */
    public static Settings defaults() {
        return withOverrides(List.of());
    }

    /** The defaults (the Nature DQN's, as for an Atari game), then each {@code key=value} in order. */
    public static Settings withOverrides(List<String> overrides) {
        return load(Optional.empty(), overrides, Optional.empty());
    }

    /** The defaults, then {@code confFile}, then each {@code key=value} in order. */
    public static Settings load(Path confFile, List<String> overrides) {
        return load(Optional.of(confFile), overrides, Optional.empty());
    }

    /**
     * Loads the defaults, then those of {@code gameFamily} ({@link org.dqnspark.core.env.Game#family()}), then
     * {@code confFile}, then each {@code key=value} override in order.
     *
     * @throws UserError naming the file or key at fault
     */
    public static Settings load(Optional<Path> confFile, List<String> overrides, Optional<String> gameFamily) {
        Config reference = ConfigFactory.parseResources(Settings.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = reference;
        if (gameFamily.isPresent()) {
            merged = reference.getConfig(GAME_DEFAULTS + "." + gameFamily.get()).atKey("dqn").withFallback(merged);
        }
        if (confFile.isPresent()) {
            Path file = confFile.get();
            Config fromFile = RenamedSettings.moveToNewKeys(parseFile(file), "in " + file, System.err);
            rejectUnknownKeys(fromFile, reference, "in " + file);
            merged = fromFile.withFallback(merged);
        }
        for (String override : overrides) {
            Config one = RenamedSettings.moveToNewKeys(parseOverride(override), "in --set " + override, System.err);
            rejectUnknownKeys(one, reference, "in --set " + override);
            merged = one.withFallback(merged);
        }
        try {
            merged = merged.resolve();
            merged.checkValid(reference, "dqn");
            checkTypes(merged, reference);
        } catch (ConfigException e) {
            throw new UserError("Bad setting: " + e.getMessage()
                    + "\nSee conf/reference.conf for every key, its type and its unit.", e);
        }
        return new Settings(merged);
    }

    /**
     * Reads every key as the type of its default, so that a value such as {@code actors = many} fails now,
     * not when (or if) a job reads it. checkValid alone lets strings stand in for numbers.
     */
    private static void checkTypes(Config merged, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            String key = entry.getKey();
            switch (entry.getValue().valueType()) {
                case NUMBER -> merged.getNumber(key);
                case BOOLEAN -> merged.getBoolean(key);
                case LIST -> merged.getList(key);
                case STRING -> {
                    if (isDuration(reference, key)) {
                        merged.getDuration(key);
                    } else {
                        merged.getString(key);
                    }
                }
                default -> merged.getValue(key);
            }
        }
    }

    private static boolean isDuration(Config reference, String key) {
        try {
            reference.getDuration(key);
            return true;
        } catch (ConfigException.BadValue notADuration) {
            return false;
        }
    }

    private static Config parseFile(Path file) {
        File f = file.toFile();
        if (!f.isFile()) {
            throw new UserError("Config file not found: " + file + "\nPass an existing HOCON file to --conf"
                    + " (for example conf/smoke.conf).");
        }
        if (!Files.isReadable(file)) {
            throw new UserError("Config file is not readable: " + file + "\nCheck its permissions.");
        }
        try {
            return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false));
        } catch (ConfigException e) {
            throw new UserError("Cannot parse config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new UserError("Malformed --set '" + override + "': expected key=value, for example"
                    + " --set dqn.collect.actors=4");
        }
        try {
            return ConfigFactory.parseString(override, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException e) {
            throw new UserError("Malformed --set '" + override + "': " + e.getMessage(), e);
        }
    }

    private static void rejectUnknownKeys(Config given, Config reference, String where) {
        for (Map.Entry<String, ConfigValue> entry : given.entrySet()) {
            String key = entry.getKey();
            if (!reference.hasPath(key)) {
                throw new UserError("Unknown setting '" + key + "' " + where + "." + suggestion(key, reference)
                        + "\nSee conf/reference.conf for every key.");
            }
        }
    }

    private static String suggestion(String key, Config reference) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String best = reference.entrySet().stream().map(Map.Entry::getKey)
                .min(Comparator.comparingInt(k -> distance.apply(k, key))).orElse(null);
        return best != null && distance.apply(best, key) <= Math.max(3, key.length() / 4)
                ? " Did you mean '" + best + "'?" : "";
    }

    public int positiveInt(String key) {
        int value = getInt(key);
        if (value <= 0) {
            throw outOfRange(key, "must be a positive whole number, got " + value);
        }
        return value;
    }

    public int nonNegativeInt(String key) {
        int value = getInt(key);
        if (value < 0) {
            throw outOfRange(key, "must be zero or more, got " + value);
        }
        return value;
    }

    public long positiveLong(String key) {
        long value = wrap(key, () -> config.getLong(key));
        if (value <= 0) {
            throw outOfRange(key, "must be a positive whole number, got " + value);
        }
        return value;
    }

    public long getLong(String key) {
        return wrap(key, () -> config.getLong(key));
    }

    public int getInt(String key) {
        return wrap(key, () -> config.getInt(key));
    }

    /** A value in [0, 1], such as a probability or an exploration rate. */
    public double fraction(String key) {
        double value = wrap(key, () -> config.getDouble(key));
        if (!(value >= 0.0 && value <= 1.0)) {
            throw outOfRange(key, "must be between 0 and 1, got " + value);
        }
        return value;
    }

    public double getDouble(String key) {
        return wrap(key, () -> config.getDouble(key));
    }

    public boolean getBoolean(String key) {
        return wrap(key, () -> config.getBoolean(key));
    }

    public String getString(String key) {
        return wrap(key, () -> config.getString(key));
    }

    public Duration positiveDuration(String key) {
        Duration value = wrap(key, () -> config.getDuration(key));
        if (value.isNegative() || value.isZero()) {
            throw outOfRange(key, "must be a positive duration, got " + value);
        }
        return value;
    }

    /**
     * A value out of its range: {@code Setting 'k' must be ..., got v.}, with the file and line that set it when
     * a conf file did, so that a user with several conf files finds the one to fix.
     */
    private UserError outOfRange(String key, String problem) {
        ConfigOrigin origin = config.getValue(key).origin();
        String where = origin.filename() != null ? " (in " + origin.filename() + ", line " + origin.lineNumber() + ")"
                : "";
        return new UserError("Setting '" + key + "' " + problem + where + ".");
    }

    private interface Getter<T> {
        T get();
    }

    private static <T> T wrap(String key, Getter<T> getter) {
        try {
            return getter.get();
        } catch (ConfigException e) {
            throw new UserError("Bad setting '" + key + "': " + e.getMessage(), e);
        }
    }

    /** The resolved settings as HOCON, with the code version, as every job saves them beside its output. */
    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("# Resolved dqn-spark settings (defaults from conf/reference.conf, then the game's, then --conf,"
                + " then --set).");
        lines.add("# Written by " + Provenance.codeVersion() + ".");
        lines.add(config.getConfig("dqn").atKey("dqn").root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true)));
        return String.join("\n", lines);
    }
}
