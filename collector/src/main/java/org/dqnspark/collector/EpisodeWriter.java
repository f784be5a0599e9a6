package org.dqnspark.collector;

import java.util.ArrayList;
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
 * writer lock; nothing else writes to the run meanwhile. {@link #batch} commits several such iterations at once
 * (the imports of human gameplay datasets).
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
        try (Batch batch = batch("play")) {
            int iteration = batch.add(transitions, conf);
            batch.commit();
            return iteration;
        }
    }

    /**
     * A commit of several iterations at once ({@code dqn import}: one iteration per imported trial), all of them
     * or none: each {@link Batch#add} stages one iteration, {@link Batch#commit} puts them all in place, and a
     * batch closed without a commit leaves the run as it was.
     *
     * @param name the commit's name, for its pause points ({@code commit.<name>.renamed@N})
     */
    public Batch batch(String name) {
        return new Batch(store.beginCommit(name));
    }

    /** Iterations staged for one atomic commit; see {@link #batch}. Not thread-safe. */
    public final class Batch implements AutoCloseable {
        private final StagedCommit commit;
        private final int firstIteration = store.nextIteration();
        private final List<Path[]> confs = new ArrayList<>();
        private final List<Path[]> transitionTables = new ArrayList<>();
        private final List<Path[]> episodeTables = new ArrayList<>();

        private Batch(StagedCommit commit) {
            this.commit = commit;
        }

        /** The iteration the next {@link #add} stages. */
        public int nextIteration() {
            return firstIteration + confs.size();
        }

        /**
         * Stages {@code transitions} (whole episodes of iteration {@link #nextIteration}, in order) with
         * {@code conf} as one iteration; written to the staging directory now, so the caller need not keep them.
         *
         * @return the iteration staged
         */
        public int add(List<Transition> transitions, String conf) {
            int iteration = nextIteration();
            for (Transition t : transitions) {
                if (t.iteration() != iteration) {
                    throw new IllegalArgumentException("a transition of iteration " + t.iteration()
                            + " in the commit of " + iteration);
                }
            }
            RunLayout run = store.layout();
            Path stagedConf = commit.stage("play-" + iteration + ".conf");
            store.writeText(stagedConf, conf);
            Path stagedTransitions = commit.stage("transitions-" + iteration);
            List<Row> rows = transitions.stream().map(TransitionSchema::toFileRow).toList();
            TransitionFiles.write(spark.createDataFrame(rows, TransitionSchema.FILE_SCHEMA).coalesce(1),
                    stagedTransitions);
            Path stagedEpisodes = commit.stage("episodes-" + iteration);
            EpisodeTable.write(spark, stagedEpisodes, List.of(stagedTransitions.toString()));
            confs.add(new Path[] {stagedConf, run.playConf(iteration)});
            transitionTables.add(new Path[] {stagedTransitions, run.transitions(iteration)});
            episodeTables.add(new Path[] {stagedEpisodes, run.episodes(iteration)});
            return iteration;
        }

        /**
         * Puts every staged iteration in place: their confs, then their transitions (the first iteration's is the
         * commit point: from there on a killed commit is finished by the next job, before it undone), then their
         * episodes.
         *
         * @return the iterations committed, ascending
         */
        public List<Integer> commit() {
            if (confs.isEmpty()) {
                return List.of();
            }
            store.recordGame(game, actions, frameShape);
            confs.forEach(move -> commit.rename(move[0], move[1]));
            commit.renameAsCommitPoint(transitionTables.get(0)[0], transitionTables.get(0)[1]);
            transitionTables.subList(1, transitionTables.size()).forEach(move -> commit.rename(move[0], move[1]));
            episodeTables.forEach(move -> commit.rename(move[0], move[1]));
            commit.commit();
            return java.util.stream.IntStream.range(firstIteration, nextIteration()).boxed().toList();
        }

        /** Discards whatever was staged and not committed. */
        @Override
        public void close() {
            commit.close();
        }
    }
}
