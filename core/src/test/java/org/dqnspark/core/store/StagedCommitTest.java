package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.spark.PausePoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's one commit path against a real SIGKILL: a child JVM commits three outputs (a, then b, the
 * commit point, then c) and is killed after each rename in turn; the next job's recovery must leave all
 * three or none, never a part.
 */
class StagedCommitTest {
    private static final List<String> OUTPUTS = List.of("a", "b", "c");

    @TempDir
    Path store;

    private RunStore run() {
        return new RunStore(RunLayout.of(store.toString(), "r"), new Configuration());
    }

    private Path target(String output) {
        return store.resolve("r").resolve("out").resolve(output);
    }

    @ParameterizedTest(name = "killed after {0} renames")
    @ValueSource(ints = {0, 1, 2, 3})
    void aCommitKilledAfterAnyRenameIsFinishedOrUndoneWholeByTheNextJob(int renames) throws Exception {
        Process child = startChild(renames);
        try {
            awaitPause(child, renames);
        } finally {
            child.destroyForcibly().waitFor();
        }
        List<String> recovered = run().recoverInterruptedCommits();

        boolean pastCommitPoint = renames >= 2;
        for (String output : OUTPUTS) {
            assertEquals(pastCommitPoint, Files.exists(target(output)), output + " after " + renames + " renames");
            if (pastCommitPoint) {
                assertEquals("output " + output, Files.readString(target(output)));
            }
        }
        assertEquals(1, recovered.size(), recovered.toString());
        assertTrue(recovered.get(0).startsWith(pastCommitPoint ? "finished" : "undid"), recovered.get(0));
        assertFalse(Files.exists(store.resolve("r").resolve("_staging")), "staging removed");
    }

    @Test
    void aCommitThatCompletesLeavesEveryOutputAndNoStaging() {
        commitThree(run());
        for (String output : OUTPUTS) {
            assertTrue(Files.exists(target(output)), output);
        }
        assertEquals(List.of(), run().recoverInterruptedCommits());
        assertFalse(Files.exists(store.resolve("r").resolve("_staging")));
    }

    @Test
    void aCommitThatWouldOverwriteCommittedDataRenamesNothing() throws IOException {
        Files.createDirectories(target("c").getParent());
        Files.writeString(target("c"), "committed before");
        assertThrows(IllegalStateException.class, () -> commitThree(run()));
        assertFalse(Files.exists(target("a")), "no rename before the refusal");
        assertEquals("committed before", Files.readString(target("c")));
    }

    @Test
    void aJobThatFailsBeforeItsCommitLeavesNothingStaged() {
        RunStore run = run();
        try (StagedCommit commit = run.beginCommit("test")) {
            run.writeText(commit.stage("a"), "output a");
        }
        assertFalse(Files.exists(store.resolve("r").resolve("_staging").resolve("test")));
        assertEquals(List.of(), run.recoverInterruptedCommits());
    }

    /** Stages a, b and c, and commits them with b as the commit point. */
    static void commitThree(RunStore run) {
        try (StagedCommit commit = run.beginCommit("test")) {
            List<org.apache.hadoop.fs.Path> staged = new ArrayList<>();
            for (String output : OUTPUTS) {
                org.apache.hadoop.fs.Path file = commit.stage(output);
                run.writeText(file, "output " + output);
                staged.add(file);
            }
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(run.layout().runDir(), "out");
            commit.rename(staged.get(0), new org.apache.hadoop.fs.Path(out, "a"))
                    .renameAsCommitPoint(staged.get(1), new org.apache.hadoop.fs.Path(out, "b"))
                    .rename(staged.get(2), new org.apache.hadoop.fs.Path(out, "c"))
                    .commit();
        }
    }

    private Process startChild(int renames) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + PausePoints.PROPERTY + "=" + PausePoints.commitRenamed("test") + "@" + renames,
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), store.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitPause(Process child, int renames) throws Exception {
        String expected = "dqn: paused at " + PausePoints.commitRenamed("test") + "@" + renames;
        StringBuilder output = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith(expected)) {
                    return;
                }
            }
        }
        child.waitFor(10, TimeUnit.SECONDS);
        fail("the child ended without pausing at " + expected + ":\n" + output);
    }

    /** The child JVM: commits the three outputs into the store named by its argument. */
    public static final class Child {
        public static void main(String[] args) {
            commitThree(new RunStore(RunLayout.of(args[0], "r"), new Configuration()));
        }
    }
}
