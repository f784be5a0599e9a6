package org.dqnspark.collector.demonstrations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dqnspark.core.env.AleEnvironment;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.env.StepOutcome;

/**
 * A game played by a test through the collector's own environment (ALE, frame skip 4, max over the last two
 * frames, no no-op start), with every emulator frame's RGB screen seen as a person sees it: what a dataset would
 * have recorded of this play, beside what the collector stored of it.
 *
 * @param screens      every emulator frame's screen from the reset on (0xRRGGBB): frame j's screen is screens[j]
 * @param frameActions the ALE action pressed on screen j, leading to screen j+1
 * @param frameRewards the reward of the frame from screen j to screen j+1 (a step's reward on its last frame)
 * @param observations the collector's observation before each agent step, and after the last
 * @param actions      each agent step's index in the minimal set
 * @param rewards      each agent step's reward
 */
public record RecordedPlay(List<int[]> screens, List<Integer> frameActions, List<Integer> frameRewards,
                    List<byte[]> observations, List<Integer> actions, List<Float> rewards) {

    /** Collector's preprocessing as reference.conf has it, without no-op starts (a recording has none). */
    public static final EnvironmentSettings ENVIRONMENT = new EnvironmentSettings(4, true, 0, 0.0, 108_000);

    /** {@code agentSteps} agent steps of seeded random play of {@code rom} (which must not end in game over). */
    public static RecordedPlay play(Path rom, int agentSteps, long seed) {
        List<int[]> screens = new ArrayList<>();
        List<Integer> frameActions = new ArrayList<>();
        List<Integer> frameRewards = new ArrayList<>();
        List<byte[]> observations = new ArrayList<>();
        List<Integer> actions = new ArrayList<>();
        List<Float> rewards = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        try (AleEnvironment environment = new AleEnvironment(RomFile.load(rom), ENVIRONMENT, seed)) {
            environment.watchScreens((rgb, width, height) -> screens.add(rgb.clone()));
            environment.reset();
            observations.add(environment.observation().clone());
            int action = 0;
            for (int step = 0; step < agentSteps; step++) {
                if (step % 3 == 0) {
                    action = random.nextInt(environment.actionCount());
                }
                StepOutcome outcome = environment.step(action);
                if (outcome.episodeEnded()) {
                    throw new IllegalStateException("the test's play ended at agent step " + step);
                }
                for (int frame = 0; frame < outcome.frames(); frame++) {
                    frameActions.add(environment.nativeAction(action));
                    frameRewards.add(frame == outcome.frames() - 1 ? (int) outcome.reward() : 0);
                }
                observations.add(environment.observation().clone());
                actions.add(action);
                rewards.add(outcome.reward());
            }
        }
        return new RecordedPlay(screens, frameActions, frameRewards, observations, actions, rewards);
    }
}
