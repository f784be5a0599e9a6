package org.dqnspark.app.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dqnspark.app.Dqn;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn record}'s videos, read back by an independent decoder: ffprobe from Debian's ffmpeg (.ci/run installs
 * it). A video holds the start screen and every frame after it: the game's frames + 1.
 */
class RecordCommandTest {
    private static final Pattern FRAMES = Pattern.compile("score (\\d+) in ([\\d,]+) frames");

    @TempDir
    Path dir;

    /** Runs dqn record; returns what it printed. */
    private static String record(String... args) {
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Dqn.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        } finally {
            System.setOut(stdout);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err + output);
        return output;
    }

    /** codec, width, height, frame rate and decoded frames of the file's video stream, as ffprobe reads them. */
    private static List<String> probe(Path video) throws IOException, InterruptedException {
        Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,r_frame_rate,nb_read_frames", "-of", "csv=p=0",
                video.toString()).redirectErrorStream(true).start();
        String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, ffprobe.waitFor(), "ffprobe (apt-get install ffmpeg): " + out);
        return List.of(out.split(","));
    }

    private static int frames(String output) {
        Matcher m = FRAMES.matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(2).replace(",", ""));
    }

    @Test
    void aMinAtarGameIsAnH264VideoOfOneFramePerAgentStepAt10FramesPerSecondAndNothingIsStored() throws Exception {
        Path video = dir.resolve("game.mp4");
        Path store = dir.resolve("store");
        String output = record("record", "--game", "minatar:breakout", "--store", store.toString(), "--run", "minatar",
                "--policy", "random", "--out", video.toString(), "--frames", dir.resolve("frames").toString());
        int frames = frames(output);
        assertEquals(List.of("h264", "320", "320", "10/1", Integer.toString(frames + 1)), probe(video), output);
        try (var pngs = Files.list(dir.resolve("frames"))) {
            assertEquals(frames + 1, pngs.count(), "every frame as a PNG");
        }
        assertFalse(Files.exists(store), "record writes nothing into the store");
    }

    @Test
    void anAtariGameIsAnH264VideoOfEveryEmulatorFrameAt60FramesPerSecond() throws Exception {
        Path rom = TestRoms.rom("breakout.bin");
        Path video = dir.resolve("atari.mp4");
        String output = record("record", "--rom", rom.toString(), "--store", dir.resolve("store").toString(), "--run",
                "atari", "--policy", "random", "--out", video.toString(), "--set",
                "dqn.environment.evaluation-max-frames-per-episode=240");
        int frames = frames(output);
        assertTrue(frames >= 240 && frames < 244, "no-ops and steps up to the cap: " + output);
        assertEquals(List.of("h264", "320", "420", "60/1", Integer.toString(frames + 1)), probe(video), output);
    }
}
