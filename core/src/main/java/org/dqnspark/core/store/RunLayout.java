package org.dqnspark.core.store;

import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.UserError;

/**
 * Where a run's tables live in the store (any Hadoop file system: a local directory, HDFS, ...):
 * <pre>
 * &lt;store&gt;/&lt;run&gt;/game.properties             the game the run plays (ROM name and MD5)
 * &lt;store&gt;/&lt;run&gt;/conf/collect-&lt;k&gt;.conf          resolved settings of collect iteration k
 * &lt;store&gt;/&lt;run&gt;/conf/play-&lt;k&gt;.conf             iteration k is one episode recorded by dqn play (not a collect)
 * &lt;store&gt;/&lt;run&gt;/conf/evaluate-&lt;k&gt;.conf         resolved settings of the k-th evaluate job
 * &lt;store&gt;/&lt;run&gt;/transitions/iteration=&lt;k&gt;/    one row per agent step (Parquet, zstd)
 * &lt;store&gt;/&lt;run&gt;/episodes/iteration=&lt;k&gt;/       one row per finished episode
 * &lt;store&gt;/&lt;run&gt;/snapshots/&lt;epoch&gt;.zip          the trainer's network snapshots
 * &lt;store&gt;/&lt;run&gt;/training/epoch=&lt;k&gt;/          one row of training statistics per epoch
 * &lt;store&gt;/&lt;run&gt;/heldout-states.bin             the states of the mean max-Q statistic
 * &lt;store&gt;/&lt;run&gt;/evaluations/evaluation=&lt;k&gt;/   one row per game of the k-th evaluate job
 * &lt;store&gt;/&lt;run&gt;/cycles/cycle=&lt;c&gt;/             one row per completed collect-train-evaluate cycle
 * &lt;store&gt;/&lt;run&gt;/cycle-stages/&lt;c&gt;/&lt;stage&gt;.*    which stages of cycle c started and completed
 * &lt;store&gt;/&lt;run&gt;/_staging/                      work in progress, never read (see {@link RunStore})
 * </pre>
 */
public record RunLayout(Path store, String run) {
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public RunLayout {
        if (!RUN_NAME.matcher(run).matches()) {
            throw new UserError("Bad run name '" + run + "': use letters, digits, '_', '.' and '-' (at most 128),"
                    + " starting with a letter or digit.");
        }
    }

    public static RunLayout of(String store, String run) {
        return new RunLayout(new Path(store), run);
    }

    public Path runDir() {
        return new Path(store, run);
    }

    public Path transitions() {
        return new Path(runDir(), "transitions");
    }

    public Path episodes() {
        return new Path(runDir(), "episodes");
    }

    public Path snapshots() {
        return new Path(runDir(), "snapshots");
    }

    public Path training() {
        return new Path(runDir(), "training");
    }

    public Path training(int epoch) {
        return new Path(training(), "epoch=" + epoch);
    }

    /** The fixed states of the mean max-Q statistic, drawn once per run. */
    public Path heldOutStates() {
        return new Path(runDir(), "heldout-states.bin");
    }

    public Path evaluations() {
        return new Path(runDir(), "evaluations");
    }

    public Path evaluations(int evaluation) {
        return new Path(evaluations(), "evaluation=" + evaluation);
    }

    public Path cycles() {
        return new Path(runDir(), "cycles");
    }

    public Path cycles(int cycle) {
        return new Path(cycles(), "cycle=" + cycle);
    }

    /** The journal of cycle {@code cycle}'s stages: a {@code <stage>.started} and a {@code <stage>.done} file each. */
    public Path cycleStages(int cycle) {
        return new Path(new Path(runDir(), "cycle-stages"), Integer.toString(cycle));
    }

    public Path staging() {
        return new Path(runDir(), "_staging");
    }

    public Path confDir() {
        return new Path(runDir(), "conf");
    }

    public Path gameRecord() {
        return new Path(runDir(), "game.properties");
    }

    public static String iterationDir(int iteration) {
        return TransitionSchema.ITERATION + "=" + iteration;
    }

    public Path transitions(int iteration) {
        return new Path(transitions(), iterationDir(iteration));
    }

    public Path episodes(int iteration) {
        return new Path(episodes(), iterationDir(iteration));
    }

    public Path collectConf(int iteration) {
        return new Path(confDir(), "collect-" + iteration + ".conf");
    }

    /**
     * The settings and session of iteration {@code k} when {@code dqn play} recorded it (one episode); its
     * presence is what tells a recorded iteration from a collect's, which a cycle's recovery may remove.
     */
    public Path playConf(int iteration) {
        return new Path(confDir(), "play-" + iteration + ".conf");
    }

    /** The resolved settings and code version of the k-th evaluate job. */
    public Path evaluateConf(int evaluation) {
        return new Path(confDir(), "evaluate-" + evaluation + ".conf");
    }
}
