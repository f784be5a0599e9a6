package org.dqnspark.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.app.play.GameVideo;
import org.dqnspark.app.play.RecordedGame;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.evaluator.EvaluateSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dqn record}: one evaluation game as a video, for people; writes nothing into the store. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plays one evaluation game (random no-op start, epsilon 0.05, to game over or the frame cap)"
                + " with a policy and writes it as an H.264 MP4: Atari at 60 frames/s with every emulator frame,"
                + " MinAtar at 10 frames/s, one per agent step. Needs no display; writes nothing into the store."})
public final class RecordCommand implements Callable<Integer> {
    /** Video pixels per screen pixel: Atari's 160 x 210 becomes 320 x 420, MinAtar's 10 x 10 becomes 320 x 320. */
    static final int ATARI_SCALE = 2;
    static final int MINATAR_SCALE = 32;

    @Mixin
    GameOptions game;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The store holding the run.")
    String store;

    @Option(names = "--run", required = true, paramLabel = "NAME", description = "The run whose snapshot plays.")
    String run;

    @Option(names = "--policy", paramLabel = "random|latest|SNAPSHOT", defaultValue = PlayingPolicy.LATEST_NAME,
            description = "What plays: the run's latest snapshot, an epoch, a snapshot .zip, or random."
                    + " Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--out", paramLabel = "FILE", description = "The MP4 file (default: <run>.mp4).")
    Path out;

    @Option(names = "--frames", paramLabel = "DIR", description = "Also save every frame as a PNG in DIR.")
    Path frames;

    @Option(names = "--seed", paramLabel = "S", description = "The game's seed: its no-op start and exploration"
            + " (dqn.evaluate.seed).")
    Long seed;

    @Mixin
    SettingsOptions settingsFiles;

    @Override
    public Integer call() {
        Game named = game.required();
        List<String> flags = new ArrayList<>();
        if (seed != null) {
            flags.add("dqn.evaluate.seed=" + seed);
        }
        Settings settings = settingsFiles.load(flags, Optional.of(named.family()));
        EvaluateSettings evaluate = EvaluateSettings.from(settings);
        RunStore runStore = new RunStore(RunLayout.of(store, run), new Configuration());
        runStore.checkSameGame(named);
        PlayingPolicy playing = PlayingPolicy.resolve(policy, runStore);
        boolean atari = "atari".equals(named.family());
        Path video = out != null ? out : Path.of(run + ".mp4");
        if (!video.getFileName().toString().endsWith(".mp4")) {
            throw new UserError("--out " + video + ": the video is an MP4 file; name it <something>.mp4.");
        }
        try (Environment environment = named.open(evaluate.environment(), evaluate.seed())) {
            playing.checkPlays(named, environment, false);
            RecordedGame.Result result;
            GameVideo recording = new GameVideo(video, atari ? 60 : 10, atari ? ATARI_SCALE : MINATAR_SCALE,
                    Optional.ofNullable(frames));
            try (recording) {
                result = RecordedGame.play(environment, playing, evaluate.epsilon(), evaluate.historyLength(),
                        evaluate.seed(), recording);
            }
            System.out.printf("record: %s played by %s: score %.0f in %,d frames (%,d agent steps%s)%n", named.name(),
                    playing.name(), result.score(), result.frames(), result.agentSteps(),
                    result.truncated() ? ", stopped by the frame cap" : ", game over");
            System.out.printf("record: %s: %d x %d H.264, %,d frames at %d frames/s%s%n", video, recording.width(),
                    recording.height(), recording.frames(), atari ? 60 : 10,
                    frames != null ? ", and every frame as a PNG in " + frames : "");
        }
        return 0;
    }
}
