package org.dqnspark.collector.demonstrations;

import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_HEIGHT;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_WIDTH;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Writes a {@link RecordedPlay} in the datasets' own formats, as small files for tests: an Atari Grand Challenge
 * trajectory and an Atari-HEAD trial (with its real .tar.bz2 archive of PNG screens).
 */
public final class DatasetFiles {
    private DatasetFiles() {
    }

    public static byte[] png(int[] rgb) {
        BufferedImage image = new BufferedImage(SCREEN_WIDTH, SCREEN_HEIGHT, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT, rgb, 0, SCREEN_WIDTH);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code <root>/trajectories/<game>/<n>.txt} and {@code <root>/screens/<game>/<n>/<frame>.png} of the play's
     * first {@code frames + 1} screens; {@code recorded} turns the action played into the one the file records,
     * and the rows in {@code terminal} are marked terminal.
     */
    public static Path agc(Path root, String game, int n, RecordedPlay play, int frames, IntUnaryOperator recorded,
                    List<Integer> terminal) throws IOException {
        Path trajectories = Files.createDirectories(root.resolve("trajectories").resolve(game));
        Path screens = Files.createDirectories(root.resolve("screens").resolve(game).resolve(String.valueOf(n)));
        List<String> lines = new ArrayList<>();
        lines.add("id: " + n + " recorded by a dqn-spark test");
        lines.add("frame,reward,score,terminal,action");
        int score = 0;
        for (int i = 0; i <= frames; i++) {
            // Row i: screen i shown, its action pressed; the reward and terminal of the frame that led to screen i.
            int reward = i == 0 ? 0 : play.frameRewards().get(i - 1);
            score += reward;
            int action = i < frames ? recorded.applyAsInt(play.frameActions().get(i)) : 0;
            lines.add(i + "," + reward + ", " + score + ", " + (terminal.contains(i) ? "True" : "False") + ", " + action);
            Files.write(screens.resolve(i + ".png"), png(play.screens().get(i)));
        }
        Path file = trajectories.resolve(n + ".txt");
        Files.write(file, lines);
        return file;
    }

    /**
     * {@code <dir>/<trial>.txt} and {@code <dir>/<trial>.tar.bz2} of the play's first {@code frames + 1} screens,
     * the rows from {@code secondEpisodeFrom} on in episode 1 (the others in episode 0); {@code recorded} turns the
     * action played into the one the file records.
     */
    public static Path atariHead(Path dir, String trial, RecordedPlay play, int frames, IntUnaryOperator recorded,
                          int secondEpisodeFrom) throws IOException {
        Files.createDirectories(dir);
        String subject = trial.substring(trial.indexOf('_') + 1);
        List<String> lines = new ArrayList<>();
        lines.add("frame_id,episode_id,score,duration(ms),unclipped_reward,action,gaze_positions");
        Path archive = dir.resolve(trial + ".tar.bz2");
        int score = 0;
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new BZip2CompressorOutputStream(file))) {
            for (int i = 0; i <= frames; i++) {
                String frameId = subject + "_" + (i + 1);
                // Row i: screen i, the action pressed on it and the reward that action's frame gave.
                int reward = i < frames ? play.frameRewards().get(i) : 0;
                int action = i < frames ? recorded.applyAsInt(play.frameActions().get(i)) : 0;
                score += reward;
                String gaze = i % 2 == 0 ? "null" : "80.5,100.25,81.0,99.75";
                lines.add(frameId + "," + (i < secondEpisodeFrom ? 0 : 1) + "," + score + ",50," + reward + ","
                        + action + "," + gaze);
                byte[] png = png(play.screens().get(i));
                TarArchiveEntry entry = new TarArchiveEntry(trial + "/" + frameId + ".png");
                entry.setSize(png.length);
                tar.putArchiveEntry(entry);
                tar.write(png);
                tar.closeArchiveEntry();
            }
        }
        Path file = dir.resolve(trial + ".txt");
        Files.write(file, lines);
        return file;
    }
}
