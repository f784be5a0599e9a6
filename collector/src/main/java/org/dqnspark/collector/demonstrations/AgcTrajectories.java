package org.dqnspark.collector.demonstrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dqnspark.core.UserError;

/**
 * Reads Atari Grand Challenge trajectories (Kurin et al. 2017, arXiv:1705.10998): {@code trajectories/<game>/<n>.txt},
 * a line of metadata, the header {@code frame,reward,score,terminal,action}, then one row per emulator frame
 * (spaces may follow the commas; terminal is True or False), and {@code screens/<game>/<n>/<frame>.png}, the
 * screen of each row, numbered as the frame column from 0 (as the public Python parsers read them).
 *
 * <p>How rows become emulator frames: row i's screen is shown and its action pressed; row i+1's reward and
 * terminal flag are what that frame gave, arriving with row i+1's screen. So the frame from row i to row i+1 is
 * (row i's action, row i+1's reward, row i+1's screen, row i+1's terminal). A terminal row ends its episode by game
 * over; rows after it start the next; a trajectory that stops without one was stopped mid-game (truncated).
 */
final class AgcTrajectories {
    static final String HEADER = "frame,reward,score,terminal,action";

    private AgcTrajectories() {
    }

    static boolean isTrialFile(Path file) {
        String name = file.getFileName().toString();
        Path game = file.getParent();
        Path trajectories = game == null ? null : game.getParent();
        return name.matches("\\d+\\.txt") && trajectories != null && trajectories.getFileName() != null
                && trajectories.getFileName().toString().equals("trajectories");
    }

    static Trial read(Path file, Optional<String> game) {
        Path absolute = file.toAbsolutePath();
        String fileName = absolute.getFileName().toString();
        Path gameDir = absolute.getParent();
        Path root = gameDir == null ? null : gameDir.getParent();
        if (!fileName.matches("\\d+\\.txt") || root == null || root.getParent() == null
                || !root.getFileName().toString().equals("trajectories")) {
            throw new UserError(file + " is not placed as an Atari Grand Challenge trajectory: trajectories/<game>/<n>.txt,"
                    + " its screens in screens/<game>/<n>/. Keep the dataset's layout.");
        }
        String name = fileName.substring(0, fileName.length() - 4);
        String folderGame = gameDir.getFileName().toString();
        Path screens = root.getParent().resolve("screens").resolve(folderGame).resolve(name);
        if (!Files.isDirectory(screens)) {
            throw new UserError(file + ": its screens, " + screens + ", are missing. Unpack the dataset's screens"
                    + " beside its trajectories.");
        }
        TrialText text = TrialText.read(file);
        List<String> lines = text.lines();
        if (lines.size() < 2 || !lines.get(1).replaceAll("\\s", "").equals(HEADER)) {
            throw text.malformed(Math.min(1, lines.size()), "the second line is '" + (lines.size() < 2 ? ""
                    : lines.get(1)) + "', not the header '" + HEADER + "' (the first line is the trajectory's metadata)");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("\\s", "");
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 5) {
                throw text.malformed(i, "a row has 5 fields (" + HEADER + "), this one " + fields.length);
            }
            int frame = text.integer(fields[0], "frame", i);
            int expected = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).frame() + 1;
            if (frame != expected) {
                throw text.malformed(i, "frame " + frame + " follows frame " + (expected - 1) + "; frames count up"
                        + " by one from 0");
            }
            float reward = text.integer(fields[1], "reward", i);
            boolean terminal = switch (fields[3].toLowerCase(Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw text.malformed(i, "terminal is '" + fields[3] + "', not True or False");
            };
            int action = text.integer(fields[4], "action", i);
            if (action < 0 || action >= ActionMapping.FULL_ACTIONS) {
                throw text.malformed(i, "the action is " + action + ", not an ALE action (0 to 17)");
            }
            rows.add(new Row(frame, reward, terminal, action, text.where(i)));
        }
        List<RecordedEpisode> episodes = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).terminal() || i == rows.size() - 1) {
                if (i > start) {
                    episodes.add(episode(rows.subList(start, i + 1)));
                }
                start = i + 1;
            }
        }
        Map<String, Long> skipped = new LinkedHashMap<>();
        return new Trial(DatasetFormat.AGC, game.orElse(folderGame), name, file, text.sha256(), episodes, skipped,
                () -> new DirectoryScreens(screens));
    }

    private record Row(int frame, float reward, boolean terminal, int action, String where) {
    }

    private static RecordedEpisode episode(List<Row> rows) {
        List<EmulatorFrame> frames = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            Row after = rows.get(i);
            frames.add(new EmulatorFrame(rows.get(i - 1).action(), after.reward(), String.valueOf(after.frame()),
                    after.terminal(), after.where()));
        }
        return new RecordedEpisode(String.valueOf(rows.get(0).frame()), frames);
    }

    /** A trajectory's screens: {@code <frame>.png} in its directory. */
    private record DirectoryScreens(Path dir) implements Screens {
        @Override
        public int[] rgb(String frame) {
            Path png = dir.resolve(frame + ".png");
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(png);
            } catch (IOException e) {
                throw new UserError("The screen of frame " + frame + " is missing: " + png + " (" + e.getMessage()
                        + "). The dataset's screens are incomplete; nothing was imported.", e);
            }
            return PngScreens.decode(bytes, png.toString());
        }

        @Override
        public void close() {
        }
    }
}
