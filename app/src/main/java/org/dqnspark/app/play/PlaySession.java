package org.dqnspark.app.play;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dqnspark.collector.EpisodeWriter;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.policy.SnapshotPolicy;
import org.dqnspark.core.state.FrameHistory;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.store.Transition;

/**
 * The game behind {@code dqn play}'s window, one agent step at a time: a person's keys or the policy choose
 * the action, and with a store every step becomes a transition as the collector writes it (the same
 * preprocessed frames; {@code source} human, agent or random) and every episode is committed as it ends
 * ({@link EpisodeWriter}: one iteration per episode). Not thread-safe: one thread plays it.
 */
final class PlaySession implements AutoCloseable {
    /** What the window's status line shows after a step. */
    record Status(double score, int lives, int episode, boolean humanInControl, String controller, double epsilon,
                  float[] qValues, long agentSteps, int episodesCommitted, String lastAction) {
    }

    private final Environment environment;
    private final KeyActions keys;
    private final Optional<PlayingPolicy> policy;
    private final Optional<SnapshotPolicy> network;
    /** The policy's exploration rate around the snapshot's greedy action (1 for the random policy). */
    private final double epsilon;
    private final SplittableRandom random;
    private final FrameHistory history;
    private final Optional<EpisodeWriter> writer;
    private final String run;
    private final String conf;
    private final PrintStream out;

    private boolean humanInControl;
    private final List<Transition> episodeSteps = new ArrayList<>();
    private int iteration;
    private long episodeId;
    private int episode;
    private int episodesCommitted;
    private double score;
    private long agentSteps;
    private float[] qValues = new float[0];
    private String lastAction = "-";

    /**
     * @param policy  what plays when the person hands over control ({@code m}); empty: the person alone
     * @param writer  where finished episodes go; empty: nothing is recorded
     * @param conf    the settings and session, saved beside each recorded episode
     */
    PlaySession(Environment environment, KeyActions keys, Optional<PlayingPolicy> policy, double configuredEpsilon,
                long seed, int historyLength, Optional<EpisodeWriter> writer, String run, String conf,
                PrintStream out) {
        this.environment = environment;
        this.keys = keys;
        this.policy = policy;
        this.network = policy.flatMap(p -> p.network(environment.frameShape()));
        this.epsilon = policy.map(p -> p.epsilon(configuredEpsilon)).orElse(0.0);
        this.random = new SplittableRandom(seed);
        this.history = new FrameHistory(historyLength, environment.frameBytes());
        this.writer = writer;
        this.run = run;
        this.conf = conf;
        this.out = out;
        // A policy given plays first (watching it is what the person came for); m takes over.
        this.humanInControl = policy.isEmpty();
        startEpisode();
    }

    private void startEpisode() {
        environment.reset();
        history.reset(environment.observation());
        iteration = writer.map(EpisodeWriter::nextIteration).orElse(0);
        episodeId = EpisodeIds.of(iteration, 0, 0);
        episodeSteps.clear();
        episode++;
        score = 0;
        qValues = network.map(n -> n.qValues(history)).orElse(new float[0]);
    }

    /** Hands control to the policy, or back to the person ({@code m}); without a policy the person keeps it. */
    void toggleControl() {
        if (policy.isPresent()) {
            humanInControl = !humanInControl;
        }
    }

    /** Plays one agent step with the keys {@code held} (when the person is in control). */
    void step(HeldKeys held) {
        boolean human = humanInControl;
        int action;
        if (human) {
            action = keys.action(held);
        } else if (random.nextDouble() < epsilon || network.isEmpty()) {
            action = random.nextInt(environment.actionCount());
        } else {
            action = SnapshotPolicy.argMax(qValues);
        }
        byte[] frame = environment.observation().clone();
        StepOutcome outcome = environment.step(action);
        agentSteps++;
        score += outcome.reward();
        lastAction = keys.name(action);
        PlayingPolicy playing = policy.orElse(null);
        episodeSteps.add(new Transition(run, iteration, 0, episodeId, episodeSteps.size(), frame,
                outcome.episodeEnded() ? environment.observation().clone() : null, action,
                environment.nativeAction(action), outcome.reward(), outcome.gameOver(), outcome.lifeLost(),
                outcome.truncated(), environment.lives(), environment.episodeFrames(),
                human ? 0f : (float) epsilon, human ? Transition.SOURCE_HUMAN : playing.source(),
                human ? Optional.empty() : playing.snapshotName()));
        if (outcome.episodeEnded()) {
            out.printf("play: episode %d ended (%s) with score %.0f after %d agent steps%n", episode,
                    outcome.gameOver() ? "game over" : "frame cap", score, episodeSteps.size());
            commitEpisode();
            startEpisode();
        } else {
            history.push(environment.observation());
            qValues = network.map(n -> n.qValues(history)).orElse(new float[0]);
        }
    }

    /** Commits the episode so far, ending it as truncated; the window is closing. */
    @Override
    public void close() {
        if (!episodeSteps.isEmpty()) {
            Transition last = episodeSteps.remove(episodeSteps.size() - 1);
            episodeSteps.add(new Transition(last.run(), last.iteration(), last.actor(), last.episodeId(),
                    last.episodeStep(), last.frame(), environment.observation().clone(), last.action(),
                    last.nativeAction(), last.reward(), last.gameOver(), last.lifeLost(), true, last.lives(),
                    last.episodeFrame(), last.epsilon(), last.source(), last.policySnapshot()));
            out.printf("play: episode %d stopped by closing the window with score %.0f after %d agent steps"
                    + " (recorded as truncated)%n", episode, score, episodeSteps.size());
            commitEpisode();
        }
    }

    private void commitEpisode() {
        if (writer.isPresent()) {
            int committed = writer.get().commit(List.copyOf(episodeSteps), conf);
            episodesCommitted++;
            out.printf("play: committed episode %d as iteration %d (%d agent steps)%n", episode, committed,
                    episodeSteps.size());
        }
        episodeSteps.clear();
    }

    Status status() {
        String controller = humanInControl ? "human" : policy.map(PlayingPolicy::name).orElse("human");
        return new Status(score, environment.lives(), episode, humanInControl, controller,
                humanInControl ? 0 : epsilon, qValues, agentSteps, episodesCommitted, lastAction);
    }

    KeyActions keys() {
        return keys;
    }
}
