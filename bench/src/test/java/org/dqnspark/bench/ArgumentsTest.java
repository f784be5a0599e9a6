package org.dqnspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The scripts in bench/ pass only the arguments they were given; the rest are these defaults. */
class ArgumentsTest {
    @Test
    void collectTakesTheRomTheStoreAndOptions() {
        CollectBenchmark collect = new CollectBenchmark();
        new CommandLine(collect).parseArgs("breakout.bin", "store", "--job-steps", "1000");
        assertEquals(Path.of("breakout.bin"), collect.romPath);
        assertEquals(Path.of("store"), collect.store);
        assertEquals(5, collect.rounds);
        assertEquals(1000, collect.jobSteps);
        assertEquals(2, collect.actors);
    }

    @Test
    void theOthersDefaultsAreTheScriptsOnes() {
        ComputeBenchmark compute = new ComputeBenchmark();
        new CommandLine(compute).parseArgs("rom", "store", "torch.py");
        assertEquals(3, compute.rounds);
        assertEquals(20, compute.updates);
        assertEquals(2500, compute.jobUpdates, "one fit of the default dqn.train.updates-per-fit");
        assertEquals(2, compute.actors);
        TrainBenchmark train = new TrainBenchmark();
        new CommandLine(train).parseArgs("rom", "store");
        assertEquals(2, train.rounds);
        assertEquals(2500, train.jobUpdates, "one fit of the default dqn.train.updates-per-fit");
        assertEquals(30, train.bareUpdates);
        NativeEnvBenchmark nativeEnv = new NativeEnvBenchmark();
        new CommandLine(nativeEnv).parseArgs("torch.py", "--rounds", "1");
        assertEquals(1, nativeEnv.rounds);
        assertEquals(15, nativeEnv.updates);
        UpdateBenchmark update = new UpdateBenchmark();
        new CommandLine(update).parseArgs();
        assertEquals(5, update.rounds);
    }

    @Test
    void minAtarTakesTheStoreThePeerScriptTheConfAndOptions() {
        MinAtarBenchmark minAtar = new MinAtarBenchmark();
        new CommandLine(minAtar).parseArgs("store", "torch_minatar_update.py", "conf/minatar-quick.conf",
                "--rounds", "1");
        assertEquals("store", minAtar.store.toString());
        assertEquals("conf/minatar-quick.conf", minAtar.conf.toString());
        assertEquals("minatar:breakout", minAtar.gameName);
        assertEquals(1, minAtar.rounds);
        assertEquals(500, minAtar.updates);
        assertEquals(4000, minAtar.jobUpdates);
    }
}
