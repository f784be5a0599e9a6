package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dqn sql} over a real store: two runs of MinAtar Breakout (built in, no ROM) collected with the
 * real collector, queried as a user would.
 */
class SqlCommandTest {
    /**
     * Two runs, "a" and "b", of 300 random MinAtar Breakout steps each (frames of 4 x 10 x 10 bytes);
     * collected by the first test that needs them.
     */
    @TempDir
    static Path store;

    private static boolean collected;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static synchronized Path collectedStore() {
        if (!collected) {
            for (String run : List.of("a", "b")) {
                // Random MinAtar Breakout ends a game within tens of steps, so 300 steps finish some.
                Settings settings = Settings.withOverrides(List.of("dqn.collect.agent-steps=300", "dqn.collect.actors=2"));
                CollectRequest request = new CollectRequest(Games.builtIn("minatar:breakout"),
                        RunLayout.of(store.toString(), run), new PlayingPolicy.Random(),
                        CollectSettings.from(settings), settings);
                new CollectJob(TestSpark.session(), new PrintStream(new ByteArrayOutputStream(), true)).run(request);
            }
            collected = true;
        }
        return store;
    }

    /** Runs {@code dqn sql args} as Dqn.execute does: a UserError is a message and exit code 2. */
    private int sql(Path store, String... args) {
        CommandLine commandLine = new CommandLine(new SqlCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UserError userError) {
                    cmd.getErr().println("dqn " + cmd.getCommandName() + ": " + userError.getMessage());
                    return UserError.EXIT_CODE;
                }
            }
            cmd.getErr().println("dqn " + cmd.getCommandName() + " failed: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        List<String> all = new ArrayList<>(List.of("--store", store.toString(), "--master", "local[2]"));
        all.addAll(List.of(args));
        return commandLine.execute(all.toArray(String[]::new));
    }

    private List<String> csv(Path store, String query) {
        assertEquals(0, sql(store, "--format", "csv", query), err.toString());
        return out.toString().lines().toList();
    }

    @Test
    void transitionsIsTheUnionOfEveryRunsTransitions() {
        Path store = collectedStore();
        assertEquals(List.of("n", "600"), csv(store, "SELECT count(*) AS n FROM transitions"));
    }

    @Test
    void everyTransitionCarriesItsRun() {
        Path store = collectedStore();
        assertEquals(List.of("run,n,iterations", "a,300,1", "b,300,1"), csv(store,
                "SELECT run, count(*) AS n, count(DISTINCT iteration) AS iterations FROM transitions"
                        + " GROUP BY run ORDER BY run"));
    }

    @Test
    void episodesOfBothRunsAgreeWithTheirTransitions() {
        Path store = collectedStore();
        List<String> lines = csv(store, "WITH finished AS (SELECT t.run, count(*) AS steps FROM transitions t"
                + " JOIN episodes e ON t.run = e.run AND t.episode_id = e.episode_id GROUP BY t.run)"
                + " SELECT e.run, count(*) AS episodes, sum(e.agent_steps) = max(f.steps) AS same"
                + " FROM episodes e JOIN finished f ON e.run = f.run GROUP BY e.run ORDER BY e.run");
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(1).matches("a,[1-9]\\d*,true"), lines.toString());
        assertTrue(lines.get(2).matches("b,[1-9]\\d*,true"), lines.toString());
    }

    @Test
    void tablesNoRunHasYetAreEmptyViews() {
        Path store = collectedStore();
        assertEquals(List.of("training,evaluations,snapshots", "0,0,0"), csv(store,
                "SELECT (SELECT count(*) FROM training) AS training, (SELECT count(*) FROM evaluations) AS evaluations,"
                        + " (SELECT count(*) FROM snapshots) AS snapshots"));
    }

    @Test
    void theReadmeQueriesRunOnAStoreWithoutTrainingOrEvaluations() {
        Path store = collectedStore();
        assertEquals(List.of("run,snapshot,mean"), csv(store,
                "SELECT run, snapshot, avg(score) AS mean FROM evaluations GROUP BY run, snapshot ORDER BY mean DESC"));
        out.getBuffer().setLength(0);
        assertEquals(List.of("run,epoch,average_reward,meanq"),
                csv(store, "SELECT run, epoch, average_reward, meanq FROM training ORDER BY run, epoch"));
    }

    @Test
    void csvQuotesAsRfc4180Says() {
        Path store = collectedStore();
        assertEquals(List.of("run,text,empty,spaces,nothing,steps", "a,\"x, \"\"y\"\"\",\"\", two  ,,300"), csv(store,
                "SELECT run, 'x, \"y\"' AS text, '' AS empty, ' two  ' AS spaces, CAST(NULL AS STRING) AS nothing,"
                        + " count(*) AS steps FROM transitions WHERE run = 'a' GROUP BY run"));
    }

    @Test
    void jsonIsOneObjectPerRow() {
        Path store = collectedStore();
        assertEquals(0, sql(store, "--format", "json",
                "SELECT run, episode_id, episode_step, reward FROM transitions ORDER BY run, episode_id, episode_step LIMIT 5"),
                err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(5, lines.size(), out.toString());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"run\":\"a\"") && line.contains("\"episode_id\":") && line.endsWith("}"),
                    line);
        }
    }

    @Test
    void theTableHasAHeaderTheValuesAndFramesAsTheirSize() {
        Path store = collectedStore();
        assertEquals(0, sql(store, "SELECT run, count(*) AS steps, first(frame) AS frame FROM transitions"
                + " GROUP BY run ORDER BY run"), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of(
                "+---+-----+-----------+",
                "|run|steps|      frame|",
                "+---+-----+-----------+",
                "|  a|  300|<400 bytes>|",
                "|  b|  300|<400 bytes>|",
                "+---+-----+-----------+",
                "(2 rows)"), lines);
    }

    @Test
    void aLongValueIsCutAtSixtyCharacters() {
        Path store = collectedStore();
        assertEquals(0, sql(store, "SELECT repeat('x', 100) AS text FROM transitions LIMIT 1"), err.toString());
        assertTrue(out.toString().contains("|" + "x".repeat(57) + "...|"), out.toString());
    }

    @Test
    void theQueryMayBeGivenAsSeveralWords() {
        Path store = collectedStore();
        assertEquals(0, sql(store, "--format", "csv", "SELECT", "count(*)", "AS", "n", "FROM", "episodes",
                "WHERE", "run", "=", "'b'"), err.toString());
        assertEquals("n", out.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void namedQueriesShareOneSessionAndEachWritesItsFile() throws Exception {
        Path store = collectedStore();
        Path saved = dir.resolve("results");
        assertEquals(0, sql(store, "--format", "csv", "--save", saved.toString(),
                "--query", "runs=SELECT run, count(*) AS n FROM episodes GROUP BY run ORDER BY run",
                "--query", "steps=SELECT count(*) AS transitions FROM transitions WHERE run = 'a'"), err.toString());
        assertEquals(List.of("runs: " + saved.resolve("runs.csv"), "steps: " + saved.resolve("steps.csv")),
                out.toString().lines().toList());
        List<String> runs = Files.readAllLines(saved.resolve("runs.csv"));
        assertEquals("run,n", runs.get(0));
        assertEquals(List.of("a", "b"), runs.subList(1, runs.size()).stream().map(line -> line.split(",")[0]).toList());
        assertEquals(List.of("transitions", "300"), Files.readAllLines(saved.resolve("steps.csv")));
    }

    @Test
    void namedQueriesNeedADirectoryAndNamesThatMakeFileNames() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, sql(empty, "--query", "a=SELECT 1"));
        assertTrue(err.toString().contains("--save DIR"), err.toString());
        assertEquals(2, sql(empty, "--save", dir.toString(), "--query", "../up=SELECT 1"));
        assertTrue(err.toString().contains("--query ../up=...: give NAME=QUERY"), err.toString());
        assertEquals(2, sql(empty, "--save", dir.toString(), "--query", "a=SELECT 1", "SELECT 2"));
        assertTrue(err.toString().contains("give one QUERY, or named queries"), err.toString());
    }

    @Test
    void anUnknownColumnIsABadQueryToldInSparksWords() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, sql(empty, "SELECT rewrd FROM transitions"));
        assertTrue(err.toString().startsWith("dqn sql: [UNRESOLVED_COLUMN"), err.toString());
        assertTrue(err.toString().contains("`rewrd` cannot be resolved"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace for a bad query: " + err);
        assertFalse(err.toString().contains("SubqueryAlias"), "no logical plan: " + err);
        assertEquals("", out.toString());
    }

    @Test
    void anUnknownTableAndASyntaxErrorAreBadQueries() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, sql(empty, "SELECT * FROM replay"));
        assertTrue(err.toString().contains("TABLE_OR_VIEW_NOT_FOUND"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, sql(empty, "SELEC 1"));
        assertTrue(err.toString().startsWith("dqn sql: [PARSE_SYNTAX_ERROR]"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aStoreThatDoesNotExistIsABadInputThatNamesIt() {
        Path missing = dir.resolve("no-store");
        assertEquals(2, sql(missing, "SELECT 1"));
        assertTrue(err.toString().contains("No store at " + missing), err.toString());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertEquals(2, sql(dir, "--format", "xml", "SELECT 1"));
        assertTrue(err.toString().contains("--format"), err.toString());
    }

    @Test
    void anEmptyStoreHasAllFiveViewsEmpty() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(List.of("t,e,tr,ev,s", "0,0,0,0,0"), csv(empty, "SELECT"
                + " (SELECT count(*) FROM transitions WHERE reward > 0 AND iteration = 0) AS t,"
                + " (SELECT count(*) FROM episodes WHERE episode_return > 0 AND iteration = 0) AS e,"
                + " (SELECT count(*) FROM training WHERE meanq > 0 AND epoch = 0) AS tr,"
                + " (SELECT count(*) FROM evaluations WHERE score > 0 AND evaluation = 0) AS ev,"
                + " (SELECT count(*) FROM snapshots WHERE updates > 0) AS s"));
    }

    @Test
    void aSnapshotShowsItsCountersInTheSnapshotsView() throws Exception {
        // A run directory with one snapshot file that holds only the counters entry; the view reads no more.
        Path run = Files.createDirectories(dir.resolve("store/r/snapshots"));
        Files.writeString(dir.resolve("store/r/game.properties"), "game=breakout\nstore_format=" + GameRecord.FORMAT
                + "\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(run.resolve("3.zip")))) {
            zip.putNextEntry(new ZipEntry(SnapshotStore.COUNTERS_ENTRY));
            zip.write(("epoch=3\nupdates=1200\nagent_steps=5000\nepsilon=0.5\ntarget_copied_at=1000\n"
                    + "train_seconds=12.5\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        List<String> lines = csv(dir.resolve("store"),
                "SELECT run, snapshot, epoch, updates, agent_steps, epsilon, train_seconds, path FROM snapshots");
        assertEquals("run,snapshot,epoch,updates,agent_steps,epsilon,train_seconds,path", lines.get(0));
        assertTrue(lines.get(1).startsWith("r,epoch-3,3,1200,5000,0.5,12.5,file:"), lines.toString());
        assertTrue(lines.get(1).endsWith("/store/r/snapshots/3.zip"), lines.toString());
        assertEquals(2, lines.size());
    }
}
