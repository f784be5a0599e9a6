package org.dqnspark.collector;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.store.EpisodeTable;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.store.TransitionSchema;

/**
 * Commits whole episodes played outside a collect job (a person at {@code dqn play}, or a watched policy) into
 * a run, one new iteration per commit, atomically: the iteration's {@code conf/play-<k>.conf} (which marks it
 * as recorded, {@link RunStore#recordedIterations}), its transitions (the commit point) and its episodes,
 * in the collector's schema and files, so every reader sees them as any other rows. The caller holds the run's
 * writer lock; nothing else writes to the run meanwhile.
 */
public final class EpisodeWriter {
    private final SparkSession spark;
    private final RunStore store;
    private final Game game;
    private final int actions;
    private final FrameShape frameShape;

    /**
     * A writer into {@code store}'s run for {@code game}, after checking that the run plays it.
     *
     * @throws org.dqnspark.core.UserError when the run plays another game
     */
    public EpisodeWriter(SparkSession spark, RunStore store, Game game, int actions, FrameShape frameShape) {
        this.spark = spark;
        this.store = store;
        this.game = game;
        this.actions = actions;
        this.frameShape = frameShape;
        store.checkSameGame(game);
    }

    /** The iteration the next commit makes: episode ids and the transitions' {@code iteration} are built from it. */
    public int nextIteration() {
        return store.nextIteration();
    }

    /**
     * Commits {@code transitions} (whole episodes of iteration {@link #nextIteration}, in order; each episode's
     * last row ended it or was marked truncated) with {@code conf}, the settings and session they were played in.
     *
     * @return the iteration committed
     */
    public int commit(List<Transition> transitions, String conf) {
        int iteration = nextIteration();
        for (Transition t : transitions) {
            if (t.iteration() != iteration) {
                throw new IllegalArgumentException("a transition of iteration " + t.iteration() + " in the commit of "
                        + iteration);
            }
        }
        RunLayout run = store.layout();
        try (StagedCommit commit = store.beginCommit("play")) {
            Path stagedConf = commit.stage("play.conf");
            store.writeText(stagedConf, conf);
            Path stagedTransitions = commit.stage("transitions");
            List<Row> rows = transitions.stream().map(TransitionSchema::toFileRow).toList();
            TransitionFiles.write(spark.createDataFrame(rows, TransitionSchema.FILE_SCHEMA).coalesce(1),
                    stagedTransitions);
            Path stagedEpisodes = commit.stage("episodes");
            EpisodeTable.write(spark, stagedEpisodes, List.of(stagedTransitions.toString()));
            store.recordGame(game, actions, frameShape);
            commit.rename(stagedConf, run.playConf(iteration))
                    .renameAsCommitPoint(stagedTransitions, run.transitions(iteration))
                    .rename(stagedEpisodes, run.episodes(iteration))
                    .commit();
        }
        return iteration;
    }
}
