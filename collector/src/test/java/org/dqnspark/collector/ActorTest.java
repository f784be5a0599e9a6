package org.dqnspark.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.policy.Policy;
import org.dqnspark.core.policy.RandomPolicy;
import org.dqnspark.core.state.EpisodeFrames;
import org.dqnspark.core.state.FrameHistory;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;

/**
 * An actor without Spark, on MinAtar Breakout (built in, no ROM); the rows' ALE-specific fields on real
 * Breakout from $DQN_ROMS.
 */
class ActorTest {
    private static final Game MINATAR_BREAKOUT = Games.builtIn("minatar:breakout");
    /** MinAtar Breakout's frame: paddle, ball, trail and brick channels on its 10 x 10 grid. */
    private static final FrameShape MINATAR_BREAKOUT_FRAME = new FrameShape(4, 10, 10);
    /** MinAtar Breakout's minimal action set n, l, r, as indices into MinAtar's full set n, l, u, r, d, f. */
    private static final int[] MINATAR_BREAKOUT_ACTIONS = {0, 1, 3};
    /** The states the actor builds: the default history length (Nature's 4 frames). */
    private static final int HISTORY = Settings.defaults().positiveInt("dqn.agent.history-length");

    private static final Actor.Listener QUIET = new Actor.Listener() {
        @Override
        public void onReset(int noopFrames) {
        }

        @Override
        public void onStep(int frames) {
        }

        @Override
        public void onEpisodeEnd(double episodeReturn) {
        }
    };

    /**
     * A greedy policy that cycles through the game's actions and remembers every state it was shown, to
     * compare with states rebuilt from rows.
     */
    private static final class RecordingPolicy implements Policy {
        final List<byte[]> states = new ArrayList<>();
        final int actions;
        int calls;

        RecordingPolicy(int actions) {
            this.actions = actions;
        }

        @Override
        public int greedyAction(FrameHistory state) {
            states.add(state.stacked());
            return calls++ % actions;
        }

        /** Snapshot 7 of the run, never loaded: this policy only plays its name. */
        @Override
        public PlayingPolicy playing() {
            return new PlayingPolicy.RunSnapshot(7, "unused");
        }
    }

    /** {@code steps} rows of {@code game}, each episode capped at {@code cap} (MinAtar: agent steps; ALE: frames). */
    private static List<Transition> play(Game game, Policy policy, double epsilon, long steps, int cap) {
        EnvironmentSettings settings = EnvironmentSettings.forTraining(Settings.defaults())
                .withMaxFramesPerEpisode(cap);
        List<Transition> out = new ArrayList<>();
        try (var env = game.open(settings, 5)) {
            Actor actor = new Actor("test", 3, 1, env, policy, epsilon, 6, steps, HISTORY, QUIET);
            actor.forEachRemaining(out::add);
        }
        return out;
    }

    private static Map<Long, List<Transition>> byEpisode(List<Transition> transitions) {
        Map<Long, List<Transition>> episodes = new LinkedHashMap<>();
        for (Transition t : transitions) {
            episodes.computeIfAbsent(t.episodeId(), id -> new ArrayList<>()).add(t);
        }
        return episodes;
    }

    @Test
    void theStatesTheAgentActedOnAreRebuiltExactlyFromTheRows() {
        RecordingPolicy policy = new RecordingPolicy(MINATAR_BREAKOUT_ACTIONS.length);
        // A 50-step cap ends the episodes the ball does not end, so the budget spans several episode boundaries.
        List<Transition> rows = play(MINATAR_BREAKOUT, policy, 0.0, 700, 50);
        assertEquals(700, rows.size());
        List<byte[]> rebuilt = new ArrayList<>();
        for (List<Transition> episode : byEpisode(rows).values()) {
            EpisodeFrames frames = new EpisodeFrames(episode, HISTORY);
            for (int t = 0; t < episode.size(); t++) {
                rebuilt.add(frames.stateBefore(t));
            }
        }
        assertEquals(policy.states.size(), rebuilt.size());
        for (int i = 0; i < rebuilt.size(); i++) {
            assertArrayEquals(policy.states.get(i), rebuilt.get(i), "state before step row " + i);
        }
        assertTrue(byEpisode(rows).size() > 2, "expected several episodes");
    }

    @Test
    void everyEpisodeEndsOnceAndOnlyItsLastStoredStepCarriesTheNextFrame() {
        List<Transition> rows = play(MINATAR_BREAKOUT, new RecordingPolicy(MINATAR_BREAKOUT_ACTIONS.length), 0.0,
                900, 50);
        Map<Long, List<Transition>> episodes = byEpisode(rows);
        assertTrue(episodes.size() > 2, "expected several episodes");
        int index = 0;
        for (List<Transition> episode : episodes.values()) {
            boolean lastEpisode = ++index == episodes.size();
            for (int t = 0; t < episode.size(); t++) {
                Transition step = episode.get(t);
                assertEquals(t, step.episodeStep());
                assertEquals(MINATAR_BREAKOUT_FRAME.bytes(), step.frame().length);
                boolean last = t == episode.size() - 1;
                if (last) {
                    assertNotNull(step.nextFrame());
                    assertEquals(MINATAR_BREAKOUT_FRAME.bytes(), step.nextFrame().length);
                    assertTrue(step.episodeEnded() || lastEpisode, "a finished episode ends with game over or cap");
                } else {
                    assertNull(step.nextFrame());
                    assertFalse(step.episodeEnded());
                }
            }
        }
    }

    @Test
    void rowsRecordTheActionTheGamesOwnCodeForItTheSourceAndTheSnapshot() {
        int actions = MINATAR_BREAKOUT_ACTIONS.length;
        List<Transition> rows = play(MINATAR_BREAKOUT, new RecordingPolicy(actions), 0.0, 12, 10_000);
        assertEquals(12, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Transition t = rows.get(i);
            assertEquals(i % actions, t.action());
            assertEquals(MINATAR_BREAKOUT_ACTIONS[i % actions], t.nativeAction());
            assertEquals(Transition.SOURCE_AGENT, t.source());
            assertEquals(Optional.of("epoch-7"), t.policySnapshot());
            assertEquals(0f, t.epsilon());
            assertEquals("test", t.run());
            assertEquals(3, t.iteration());
            assertEquals(1, t.actor());
            assertEquals(0, t.lives(), "MinAtar games have no lives");
        }
    }

    @Test
    void epsilonOneNeverAsksThePolicy() {
        RecordingPolicy policy = new RecordingPolicy(MINATAR_BREAKOUT_ACTIONS.length);
        List<Transition> rows = play(MINATAR_BREAKOUT, policy, 1.0, 200, 10_000);
        assertEquals(0, policy.calls);
        assertEquals(200, rows.size());
    }

    @Test
    void randomPlayRecordsItsSourceNoSnapshotAndEpsilonOneWhateverTheJobWasGiven() {
        List<Transition> rows = play(MINATAR_BREAKOUT, new RandomPolicy(MINATAR_BREAKOUT_ACTIONS.length, 4), 0.05, 20,
                10_000);
        for (Transition t : rows) {
            assertEquals(Transition.SOURCE_RANDOM, t.source());
            assertEquals(Optional.empty(), t.policySnapshot());
            assertEquals(1f, t.epsilon());
        }
    }

    @Test
    void onAtariRowsHoldEightyFourByEightyFourFramesAlesActionCodesAndTheLivesLeft() {
        // ALE's minimal action set for Breakout: NOOP, FIRE, RIGHT, LEFT; the game starts with 5 lives.
        int[] aleActions = {0, 1, 3, 4};
        RomFile breakout = RomFile.load(TestRoms.rom("breakout.bin"));
        List<Transition> rows = play(breakout, new RecordingPolicy(aleActions.length), 0.0, 12, 108_000);
        assertEquals(12, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Transition t = rows.get(i);
            assertEquals(FrameShape.ATARI.bytes(), t.frame().length, "84 x 84 luminance bytes");
            assertEquals(i % aleActions.length, t.action());
            assertEquals(aleActions[i % aleActions.length], t.nativeAction());
        }
        assertEquals(5, rows.get(0).lives(), "a NOOP before the ball is served loses no life");
    }
}
