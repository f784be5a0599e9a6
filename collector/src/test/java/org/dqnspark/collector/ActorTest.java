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
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.AleEnvironment;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.Policy;
import org.dqnspark.core.state.EpisodeFrames;
import org.dqnspark.core.state.FrameHistory;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;

/** An actor on real Breakout, without Spark. */
class ActorTest {
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

    /** A greedy policy that remembers every state it was shown, to compare with states rebuilt from rows. */
    private static final class RecordingPolicy implements Policy {
        final List<byte[]> states = new ArrayList<>();
        int calls;

        @Override
        public int greedyAction(FrameHistory state) {
            states.add(state.stacked());
            return calls++ % 4;
        }

        @Override
        public String snapshotId() {
            return "test-snapshot";
        }

        @Override
        public String source() {
            return Transition.SOURCE_AGENT;
        }
    }

    private static List<Transition> play(Policy policy, double epsilon, long steps, int cap) {
        EnvironmentSettings settings = EnvironmentSettings.forTraining(Settings.defaults())
                .withMaxFramesPerEpisode(cap);
        List<Transition> out = new ArrayList<>();
        try (AleEnvironment env = new AleEnvironment(RomFile.load(TestRoms.rom("breakout.bin")), settings, 5)) {
            Actor actor = new Actor("test", 3, 1, env, policy, epsilon, 6, steps, 4, QUIET);
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
        RecordingPolicy policy = new RecordingPolicy();
        // A 600-frame cap ends episodes often, so the budget spans several episode boundaries.
        List<Transition> rows = play(policy, 0.0, 700, 600);
        assertEquals(700, rows.size());
        List<byte[]> rebuilt = new ArrayList<>();
        for (List<Transition> episode : byEpisode(rows).values()) {
            EpisodeFrames frames = new EpisodeFrames(episode, 4);
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
        List<Transition> rows = play(new RecordingPolicy(), 0.0, 900, 600);
        Map<Long, List<Transition>> episodes = byEpisode(rows);
        int index = 0;
        for (List<Transition> episode : episodes.values()) {
            boolean lastEpisode = ++index == episodes.size();
            for (int t = 0; t < episode.size(); t++) {
                Transition step = episode.get(t);
                assertEquals(t, step.step());
                assertEquals(7056, step.frame().length);
                boolean last = t == episode.size() - 1;
                if (last) {
                    assertNotNull(step.nextFrame());
                    assertEquals(7056, step.nextFrame().length);
                    assertTrue(step.episodeEnded() || lastEpisode, "a finished episode ends with game over or cap");
                } else {
                    assertNull(step.nextFrame());
                    assertFalse(step.episodeEnded());
                }
            }
        }
    }

    @Test
    void rowsRecordTheActionTheSourceAndTheSnapshot() {
        List<Transition> rows = play(new RecordingPolicy(), 0.0, 12, 108_000);
        for (int i = 0; i < rows.size(); i++) {
            Transition t = rows.get(i);
            assertEquals(i % 4, t.action());
            assertEquals(new int[] {0, 1, 3, 4}[i % 4], t.aleAction());
            assertEquals(Transition.SOURCE_AGENT, t.source());
            assertEquals("test-snapshot", t.policySnapshot());
            assertEquals(0f, t.epsilon());
            assertEquals("test", t.run());
            assertEquals(3, t.iteration());
            assertEquals(1, t.actor());
        }
    }

    @Test
    void epsilonOneNeverAsksThePolicy() {
        RecordingPolicy policy = new RecordingPolicy();
        List<Transition> rows = play(policy, 1.0, 200, 108_000);
        assertEquals(0, policy.calls);
        assertEquals(200, rows.size());
    }
}
