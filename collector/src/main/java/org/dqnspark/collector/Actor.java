package org.dqnspark.collector;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.policy.Policy;
import org.dqnspark.core.state.FrameHistory;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.store.Transition;

/**
 * One actor: plays its environment epsilon-greedily around a policy for a budget of agent steps and
 * yields one {@link Transition} per step, lazily, so a Spark task streams them into Parquet without
 * holding them. Episodes run on across the budget's end only as far as the budget goes; the last
 * stored step of every episode, finished or not, carries the observation after it.
 */
public final class Actor implements Iterator<Transition> {
    /** Seen by whoever watches progress; called once per step and once per finished episode. */
    public interface Listener {
        /** An episode started after {@code noopFrames} no-op frames. */
        void onReset(int noopFrames);

        /** A step played {@code frames} emulator frames. */
        void onStep(int frames);

        void onEpisodeEnd(double episodeReturn);
    }

    private final String run;
    private final int iteration;
    private final int actor;
    private final Environment environment;
    private final Policy policy;
    /** What every transition records as its source and snapshot. */
    private final String source;
    private final Optional<String> snapshot;
    private final double epsilon;
    private final SplittableRandom random;
    private final Listener listener;
    private final FrameHistory history;
    private final long budget;

    private long stepsTaken;
    private int episodesStarted;
    private long episodeId;
    private int step;
    private double episodeReturn;

    public Actor(String run, int iteration, int actor, Environment environment, Policy policy, double epsilon,
                 long seed, long budget, int historyLength, Listener listener) {
        this.run = run;
        this.iteration = iteration;
        this.actor = actor;
        this.environment = environment;
        this.policy = policy;
        this.source = policy.playing().source();
        this.snapshot = policy.playing().snapshotName();
        this.epsilon = policy.playing().epsilon(epsilon);
        this.random = new SplittableRandom(seed);
        this.budget = budget;
        this.listener = listener;
        this.history = new FrameHistory(historyLength, environment.frameBytes());
        if (budget > 0) {
            startEpisode();
        }
    }

    /** The state the next action will be chosen on. */
    public FrameHistory state() {
        return history;
    }

    private void startEpisode() {
        listener.onReset(environment.reset());
        history.reset(environment.observation());
        episodeId = EpisodeIds.of(iteration, actor, episodesStarted++);
        step = 0;
        episodeReturn = 0;
    }

    @Override
    public boolean hasNext() {
        return stepsTaken < budget;
    }

    @Override
    public Transition next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int action = random.nextDouble() < epsilon
                ? random.nextInt(environment.actionCount())
                : policy.greedyAction(history);
        byte[] frame = environment.observation().clone();
        StepOutcome outcome = environment.step(action);
        stepsTaken++;
        boolean lastStored = outcome.episodeEnded() || stepsTaken == budget;
        Transition transition = new Transition(run, iteration, actor, episodeId, step, frame,
                lastStored ? environment.observation().clone() : null, action, environment.nativeAction(action),
                outcome.reward(), outcome.gameOver(), outcome.lifeLost(), outcome.truncated(), environment.lives(),
                environment.episodeFrames(), (float) epsilon, source, snapshot);
        episodeReturn += outcome.reward();
        listener.onStep(outcome.frames());
        if (outcome.episodeEnded()) {
            listener.onEpisodeEnd(episodeReturn);
            if (hasNext()) {
                startEpisode();
            }
        } else {
            history.push(environment.observation());
            step++;
        }
        return transition;
    }
}
