package org.dqnspark.collector.demonstrations;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.dqnspark.core.UserError;

/**
 * Reads Atari-HEAD trials (Zhang et al. 2019, Zenodo record 3451402). Per game the dataset has a folder of trials;
 * a trial is {@code <trial>.txt}, one CSV row per game frame:
 * {@code frame_id,episode_id,score,duration(ms),unclipped_reward,action,gaze_positions} (any field may be
 * {@code null}; the gaze is a list of x,y pairs, so a row has more commas), and {@code <trial>.tar.bz2}, the
 * screen of each row as {@code <trial>/<frame_id>.png} (210 x 160 RGB). The trial's name starts with its numeric
 * id: {@code <id>_<subject>_...}.
 *
 * <p>How rows become emulator frames: the dataset records "every game frame", the player pressing an action
 * (ALE's full action set) on each while the game waits ("semi-frame-by-frame": it advances one frame per
 * decision, at 20 frames/s while a key is held), and {@code unclipped_reward} is what that frame's action earned.
 * So row i's screen, then row i's action and reward, lead to row i+1's screen. Rows with a {@code null}
 * episode_id (no game running) are skipped, as public loaders do; a {@code null} reward counts as 0 and a
 * {@code null} action as NOOP. A change of episode_id within a trial means the game ended (an episode "terminates
 * when all lives are consumed"): the last screen before it ends that episode by game over; the trial's last
 * episode stops with the trial (its time limit), mid-game. The last row of each episode has no screen after its
 * action, so that action is not imported (its reward is added to the episode's last frame).
 */
final class AtariHeadTrials {
    static final String HEADER = "frame_id,episode_id,score,duration(ms),unclipped_reward,action,gaze_positions";
    private static final String NULL = "null";
    static final String NO_EPISODE = "rows with a null episode_id (no game running), skipped";
    static final String NULL_ACTION = "rows with a null action, imported as NOOP";
    static final String LAST_ROW = "actions of an episode's last row, not imported (no screen after them)";

    private AtariHeadTrials() {
    }

    static boolean isTrialFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".txt") && trialId(name.substring(0, name.length() - 4)).isPresent();
    }

    /** The numeric id a trial's name starts with. */
    private static Optional<String> trialId(String name) {
        int end = 0;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return end > 0 && (end == name.length() || name.charAt(end) == '_')
                ? Optional.of(name.substring(0, end)) : Optional.empty();
    }

    static Trial read(Path file, Optional<String> game) {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".txt") ? fileName.substring(0, fileName.length() - 4) : fileName;
        if (trialId(name).isEmpty()) {
            throw new UserError(file + " is not named as an Atari-HEAD trial (<trial id>_<subject>_....txt, e.g."
                    + " 100_RZ_3592991_Aug-24-11-44-38.txt).");
        }
        Path archive = file.resolveSibling(name + ".tar.bz2");
        if (!Files.isRegularFile(archive)) {
            throw new UserError(file + ": its screens, " + archive + ", are missing. Put the trial's .tar.bz2"
                    + " beside its .txt, as the dataset's game .zip holds them.");
        }
        String gameName = game.orElseGet(() -> gameOfFolder(file));
        TrialText text = TrialText.read(file);
        List<String> lines = text.lines();
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
            throw text.malformed(0, "the header is '" + (lines.isEmpty() ? "" : lines.get(0)) + "', not '" + HEADER
                    + "'");
        }
        Map<String, Long> skipped = new LinkedHashMap<>();
        List<RecordedEpisode> episodes = new ArrayList<>();
        List<Row> episode = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length < 7) {
                throw text.malformed(i, "a row has at least 7 fields (" + HEADER + "), this one " + fields.length);
            }
            String frameId = fields[0].trim();
            if (frameId.isEmpty() || NULL.equals(frameId)) {
                throw text.malformed(i, "the frame_id is empty");
            }
            if (NULL.equals(fields[1].trim())) {
                skipped.merge(NO_EPISODE, 1L, Long::sum);
                continue;
            }
            int episodeId = text.integer(fields[1], "episode_id", i);
            float reward = NULL.equals(fields[4].trim()) ? 0f : text.integer(fields[4], "unclipped_reward", i);
            int action = 0;
            if (NULL.equals(fields[5].trim())) {
                skipped.merge(NULL_ACTION, 1L, Long::sum);
            } else {
                action = text.integer(fields[5], "action", i);
                if (action < 0 || action >= ActionMapping.FULL_ACTIONS) {
                    throw text.malformed(i, "the action is " + action + ", not an ALE action (0 to 17)");
                }
            }
            if (!episode.isEmpty() && episode.get(0).episodeId() != episodeId) {
                episodes.add(episode(episode, true, skipped));
                episode = new ArrayList<>();
            }
            episode.add(new Row(frameId, episodeId, reward, action, text.where(i)));
        }
        if (!episode.isEmpty()) {
            episodes.add(episode(episode, false, skipped));
        }
        String trialName = name;
        return new Trial(DatasetFormat.ATARI_HEAD, gameName, name, file, text.sha256(), episodes, skipped,
                () -> TarScreens.read(archive, trialName));
    }

    /** The game of a trial: the folder its .txt lies in, as the dataset's per-game .zip unpacks. */
    private static String gameOfFolder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    }

    private record Row(String frameId, int episodeId, float reward, int action, String where) {
    }

    private static RecordedEpisode episode(List<Row> rows, boolean gameOver, Map<String, Long> skipped) {
        List<EmulatorFrame> frames = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            Row before = rows.get(i - 1);
            Row after = rows.get(i);
            boolean last = i == rows.size() - 1;
            float reward = before.reward() + (last ? after.reward() : 0f);
            frames.add(new EmulatorFrame(before.action(), reward, after.frameId(), last && gameOver, after.where()));
        }
        skipped.merge(LAST_ROW, 1L, Long::sum);
        return new RecordedEpisode(rows.get(0).frameId(), frames);
    }

    /** A trial's screens, from its .tar.bz2: every PNG is read into memory (a few KB each) once. */
    private static final class TarScreens implements Screens {
        private final Path archive;
        private final String trial;
        private final Map<String, byte[]> pngs;

        private TarScreens(Path archive, String trial, Map<String, byte[]> pngs) {
            this.archive = archive;
            this.trial = trial;
            this.pngs = pngs;
        }

        static TarScreens read(Path archive, String trial) {
            Map<String, byte[]> pngs = new HashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new BZip2CompressorInputStream(
                    new BufferedInputStream(Files.newInputStream(archive))))) {
                for (TarArchiveEntry entry = tar.getNextTarEntry(); entry != null; entry = tar.getNextTarEntry()) {
                    if (entry.isFile() && entry.getName().endsWith(".png")) {
                        pngs.put(entry.getName(), tar.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UserError("Cannot read " + archive + " as a .tar.bz2 archive: " + e.getMessage()
                        + ". Download the trial again; nothing was imported.", e);
            }
            return new TarScreens(archive, trial, pngs);
        }

        @Override
        public int[] rgb(String frameId) {
            String entry = trial + "/" + frameId + ".png";
            byte[] png = pngs.get(entry);
            if (png == null) {
                throw new UserError(archive + " has no screen " + entry + ", which its trial's .txt names. The"
                        + " archive is incomplete: download the trial again; nothing was imported.");
            }
            return PngScreens.decode(png, archive + "!" + entry);
        }

        @Override
        public void close() {
            pngs.clear();
        }
    }
}
