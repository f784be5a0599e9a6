package org.dqnspark.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.check.Finding;
import org.dqnspark.core.store.check.StoreCheck;
import org.dqnspark.core.store.check.StoreRepair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dqn store}: looks after the store itself. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Looks after the store itself.",
        subcommands = StoreCommand.Check.class)
public final class StoreCommand {

    /**
     * {@code dqn store check}: an fsck for the store, a report per run, exit 0 when every run is sound and 1
     * when something is damaged; {@code --repair} sets the damage aside and deletes nothing.
     */
    @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Checks every run of the store (or one): every table's files read whole (footers, pages,"
                    + " checksums) and of their table's schema, every snapshot loadable, the tables' counters"
                    + " consistent, nothing left in _staging by a killed job. Exit code 0: sound; 1: damage found"
                    + " (or left after --repair).",
                "--repair moves damaged files into <run>/_quarantine/<time>/ with a note of why, derives the"
                    + " episodes of the iterations concerned again from their transitions, and finishes or undoes"
                    + " an interrupted commit; it deletes nothing."})
    static final class Check implements Callable<Integer> {
        @Mixin
        StoreReadOptions reader;

        @Option(names = "--run", paramLabel = "NAME", description = "Check this run only (default: every run).")
        String run;

        @Option(names = "--repair", description = "Set the damage aside and re-derive what can be (holds the run's"
                + " writer lock while it does).")
        boolean repair;


        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<RunLayout> runs = runs();
            PrintWriter out = spec.commandLine().getOut();
            SparkSession spark = reader.startSpark("dqn store check");
            int damagedRuns = 0;
            try {
                for (RunLayout layout : runs) {
                    if (!checkRun(spark, new RunStore(layout, spark.sparkContext().hadoopConfiguration()), out)) {
                        damagedRuns++;
                    }
                }
            } finally {
                spark.stop();
            }
            out.printf("dqn store check: %d run(s) checked, %s%n", runs.size(),
                    damagedRuns == 0 ? "all sound" : damagedRuns + " with damage");
            return damagedRuns == 0 ? 0 : 1;
        }

        /** The runs to check; a run named on the command line must exist. */
        private List<RunLayout> runs() {
            // Lists the runs without checking their format: a run this version cannot read is reported, not fatal.
            List<RunLayout> all = new ArrayList<>();
            if (run != null) {
                RunLayout layout = RunLayout.of(reader.store, run);
                if (!new RunStore(layout, new Configuration()).exists(layout.gameRecord())) {
                    throw new UserError("No run '" + run + "' in the store " + reader.store + " (no " + layout.gameRecord()
                            + "). dqn sql --store " + reader.store + " \"SELECT DISTINCT run FROM episodes\" lists them.");
                }
                all.add(layout);
            } else {
                all.addAll(StoreTables.runDirectories(reader.store, new Configuration()));
            }
            return all;
        }

        /** Checks (and repairs) one run; true when it is sound at the end. */
        private boolean checkRun(SparkSession spark, RunStore store, PrintWriter out) {
            String name = store.layout().run();
            Optional<RunLock> lock = repair ? Optional.of(RunLock.acquire(store.layout(), "dqn store check --repair",
                    false)) : RunLock.tryAcquire(store.layout(), "dqn store check");
            try {
                if (lock.isEmpty()) {
                    out.printf("run %s: a writer is at work on it; its _staging is its work in progress and is not"
                            + " checked%n", name);
                }
                StoreCheck.Report report = StoreCheck.check(spark, store, lock.isPresent());
                print(report, out);
                if (report.clean() || !repair) {
                    if (!report.clean()) {
                        out.printf("run %s: %d finding(s). To set the damage aside: dqn store check --store %s --run %s"
                                + " --repair%n", name, report.findings().size(), reader.store, name);
                    }
                    return report.clean();
                }
                out.printf("run %s: repairing (nothing is deleted; set aside under %s)%n", name,
                        StoreRepair.quarantineRoot(store));
                for (String action : StoreRepair.repair(spark, store, report)) {
                    out.println("  " + action);
                }
                StoreCheck.Report after = StoreCheck.check(spark, store, true);
                out.printf("run %s after the repair:%n", name);
                print(after, out);
                return after.clean();
            } finally {
                lock.ifPresent(RunLock::close);
            }
        }

        private static void print(StoreCheck.Report report, PrintWriter out) {
            out.printf("run %s: %d table file(s) read whole (%,d transitions, %,d episodes), %d snapshot(s),"
                    + " %d cycle(s): %s%n", report.run(), report.filesRead(), report.transitions(), report.episodes(),
                    report.snapshots(), report.cycles(), report.clean() ? "sound" : "DAMAGED");
            for (Finding finding : report.findings()) {
                out.println("  " + finding);
            }
            for (String note : report.notes()) {
                out.println("  note         " + note);
            }
        }
    }
}
