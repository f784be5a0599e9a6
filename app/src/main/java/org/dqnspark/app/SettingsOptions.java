package org.dqnspark.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dqnspark.core.config.Settings;
import picocli.CommandLine.Option;

/** {@code --conf} and {@code --set}: a command's settings over conf/reference.conf (the jobs, play, record). */
public final class SettingsOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON settings over conf/reference.conf.")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "One setting, e.g. --set dqn.collect.actors=4 (repeatable; wins over --conf).")
    List<String> sets = new ArrayList<>();

    /**
     * The settings: defaults, then those of the game's family (a MinAtar game gets MinAtar's network), then
     * --conf, then --set, then the command's own flags ({@code flagOverrides}, given as key=value).
     */
    Settings load(List<String> flagOverrides, Optional<String> gameFamily) {
        List<String> all = new ArrayList<>(sets);
        all.addAll(flagOverrides);
        return Settings.load(Optional.ofNullable(conf), all, gameFamily);
    }
}
