package org.dqnspark.collector.demonstrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dqnspark.core.env.AtariPreprocessing;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.store.Transition;

/**
 * Turns a recorded episode's emulator frames into agent steps exactly as {@code AleEnvironment} plays them
 * (Mnih et al. 2015): each agent step repeats one action for frame-skip frames (4) and sums their raw rewards;
 * its observation is the luminance of the channel-wise maximum of the screens of its last two frames, rescaled to
 * 84 x 84 ({@link AtariPreprocessing#encodeRgb}); the first observation is the start screen alone (no no-op
 * start: the recording has none to choose). A game that ends within a step ends it early, as in ALE.
 *
 * <p>A person may change the action within the frames of one agent step; the step takes the action of its first
 * frame (the one the observation was shown before) and such steps are counted. Frames left at the end of a
 * recording that stopped mid-game, fewer than one agent step, are not imported; the episode's last whole step
 * ends it as truncated. Lives are not in the recordings (nor the emulator's state to read them from): every row
 * has lives 0 and no life lost.
 */
final class AgentSteps {
    static final String UNFINISHED_STEP = "frames of an unfinished last agent step, not imported (the recording stopped)";
    static final String TOO_SHORT = "episodes shorter than one agent step, not imported";

    private final ActionMapping mapping;
    private final int frameSkip;
    private final boolean maxPool;

    AgentSteps(ActionMapping mapping, EnvironmentSettings environment) {
        this.mapping = mapping;
        this.frameSkip = environment.frameSkip();
        this.maxPool = environment.maxPoolLastTwoFrames();
    }

    /** The agent steps of {@code episode}, as rows of episode {@code episodeId} of {@code iteration}. */
    List<Transition> of(RecordedEpisode episode, Screens screens, String run, int iteration, long episodeId,
                        ImportCounts counts) {
        List<EmulatorFrame> frames = episode.frames();
        List<Transition> steps = new ArrayList<>();
        int[] latest = screens.rgb(episode.firstScreen());
        int[] previous = latest;
        byte[] observation = encode(latest, latest);
        int episodeFrame = 0;
        boolean gameOver = false;
        for (int first = 0; first < frames.size() && !gameOver; ) {
            int end = first;
            while (end < frames.size() && end - first < frameSkip && !gameOver) {
                gameOver = frames.get(end).gameOver();
                end++;
            }
            if (end - first < frameSkip && !gameOver) {
                counts.skip(UNFINISHED_STEP, end - first);
                break;
            }
            int aleAction = frames.get(first).aleAction();
            int action = mapping.action(aleAction, frames.get(first).where());
            if (mapping.changes(aleAction)) {
                counts.mapped.merge(ActionMapping.name(aleAction) + " -> "
                        + ActionMapping.name(mapping.nativeAction(action)), 1L, Long::sum);
            }
            float reward = 0;
            boolean mixed = false;
            for (int i = first; i < end; i++) {
                EmulatorFrame frame = frames.get(i);
                reward += frame.reward();
                mixed |= frame.aleAction() != aleAction;
                // As ALE's step: only the last two frames of the repeat are read; a game that ends early reads its last.
                if (i - first >= frameSkip - 2 || frame.gameOver()) {
                    previous = latest;
                    latest = screens.rgb(frame.screen());
                }
            }
            counts.mixedActionSteps += mixed ? 1 : 0;
            episodeFrame += end - first;
            steps.add(new Transition(run, iteration, 0, episodeId, steps.size(), observation, null, action,
                    mapping.nativeAction(action), reward, gameOver, false, false, 0, episodeFrame, 0f,
                    Transition.SOURCE_HUMAN, Optional.empty()));
            observation = encode(latest, maxPool ? previous : latest);
            first = end;
        }
        if (steps.isEmpty()) {
            counts.skip(TOO_SHORT, 1);
            return steps;
        }
        Transition last = steps.remove(steps.size() - 1);
        steps.add(new Transition(last.run(), last.iteration(), last.actor(), last.episodeId(), last.episodeStep(),
                last.frame(), observation, last.action(), last.nativeAction(), last.reward(), last.gameOver(),
                false, !last.gameOver(), 0, last.episodeFrame(), 0f, Transition.SOURCE_HUMAN, Optional.empty()));
        counts.episodes++;
        counts.gameOvers += last.gameOver() ? 1 : 0;
        counts.agentSteps += steps.size();
        counts.frames += last.episodeFrame();
        return steps;
    }

    private static byte[] encode(int[] current, int[] previous) {
        byte[] frame = new byte[AtariPreprocessing.FRAME_BYTES];
        AtariPreprocessing.encodeRgb(current, previous, frame);
        return frame;
    }
}
