package org.dqnspark.collector.demonstrations;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One recorded trial of a dataset (an Atari-HEAD trial, an Atari Grand Challenge trajectory), read and checked:
 * its episodes frame by frame, and how to open its screens.
 *
 * @param format   the dataset's format
 * @param game     the game as the dataset names it ({@code breakout}, {@code spaceinvaders})
 * @param name     the trial's name in the dataset ({@code 100_RZ_3592991_Aug-24-11-44-38}, {@code 12})
 * @param file     the trial's text file
 * @param sha256   the SHA-256 of that file, hex: with format, game and name its identity in a run
 * @param episodes its episodes, in order
 * @param skipped  frames (or rows) that were read but cannot be imported, by reason
 * @param screens  opens the trial's screens (its archive or directory)
 */
public record Trial(DatasetFormat format, String game, String name, Path file, String sha256,
                    List<RecordedEpisode> episodes, Map<String, Long> skipped, Supplier<Screens> screens) {

    /** What a run records of an imported trial to know it again: format, game, name and content hash. */
    public String identity() {
        return format.id() + "/" + game + "/" + name + "/sha256:" + sha256;
    }
}
