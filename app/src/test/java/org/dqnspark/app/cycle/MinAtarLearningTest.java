package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline learns: a cycle run on MinAtar Breakout (conf/minatar.conf: MinAtar's DQN, one update per
 * agent step) scores well above the uniform-random policy under the same protocol (30 games, epsilon
 * 0.05), within minutes on a 2-core machine.
 *
 * <p>Threshold from measurements (bench/RESULTS.md, "Learning test"): THRESHOLD_NOTE. Run with
 * {@code -Ddqn.learning-test.disable-learning=true} to train at a learning rate of 1e-12: the same test
 * then fails, which shows it can.
 */
class MinAtarLearningTest {
    /** Agent steps per cycle and cycles: STEPS_NOTE. */
    static final int STEPS_PER_CYCLE = 5_000;
    static final int CYCLES = 6;
    /** The snapshot must beat random by at least this much (random scores about 0.4; see the class note). */
    static final double MARGIN = 1.0;

    @TempDir
    Path store;

    @Test
    void aFewMinutesOfCyclesOnMinAtarBreakoutScoreWellAboveTheRandomPolicy() {
        List<String> args = new ArrayList<>(List.of("cycle", "--game", "minatar:breakout", "--store", store.toString(),
                "--run", "learn", "--conf", Path.of("..", "conf", "minatar.conf").toString(), "--master", "local[2]",
                "--set", "dqn.cycle.steps=" + STEPS_PER_CYCLE, "--cycles", Integer.toString(CYCLES)));
        if (Boolean.getBoolean("dqn.learning-test.disable-learning")) {
            args.addAll(List.of("--set", "dqn.train.learning-rate=1e-12"));
        }
        StringWriter err = new StringWriter();
        assertEquals(0, Dqn.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true)), err.toString());

        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store.toString());
        List<Row> curve = spark.sql("SELECT cycle, agent_steps, evaluation_score, random_score FROM cycles"
                + " ORDER BY cycle").collectAsList();
        assertEquals(CYCLES, curve.size());
        Row last = curve.get(CYCLES - 1);
        double random = curve.get(0).getDouble(3);
        double score = last.getDouble(2);
        System.out.println("learning curve (cycle, agent steps, score, random): " + curve);
        assertTrue(score >= random + MARGIN, "after " + last.getLong(1) + " agent steps the snapshot scores " + score
                + ", the random policy " + random + "; needed at least " + (random + MARGIN) + ". Curve: " + curve);
    }
}
