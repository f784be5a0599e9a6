package org.dqnspark.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.dqnspark.app.Dqn;
import org.dqnspark.app.TestJvm;
import org.dqnspark.app.TinyCycleRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn sql-server} as an analyst meets it: the command in a JVM of its own, Hive's JDBC driver (its
 * standalone jar, in a class loader of its own) connecting over TCP, a run written by {@code dqn cycle} while
 * the server runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlServerOverJdbcTest {
    private static final long START_TIMEOUT_S = 240;

    @TempDir
    static Path store;
    @TempDir
    static Path serverWorkingDirectory;

    private static Process server;
    private static String url;
    private static final List<String> serverOutput = Collections.synchronizedList(new ArrayList<>());
    private static Driver hiveDriver;

    @BeforeAll
    static void startTheServerOnAStoreWithOneRun() throws Exception {
        TinyCycleRuns.build(store, "first", 1);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        server = startServer(port);
        url = awaitUrl();
        assertEquals("jdbc:hive2://127.0.0.1:" + port + "/default", url);
        hiveDriver = hiveJdbcDriver();
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aJdbcClientQueriesEveryViewOfTheStore() throws Exception {
        try (Connection connection = connect()) {
            assertEquals(List.of("cycles", "episodes", "evaluations", "snapshots", "training", "transitions"),
                    column(connection, "SHOW TABLES", 2));
            assertEquals(Map.of("first", transitionsInParquetFooters("first")),
                    counts(connection, "SELECT run, count(*) FROM transitions GROUP BY run"));
            assertEquals(List.of("1"), column(connection, "SELECT count(*) FROM snapshots", 1));
            assertEquals(List.of("1"), column(connection, "SELECT count(DISTINCT cycle) FROM cycles", 1));
        }
    }

    @Test
    @Order(2)
    void everyConnectionSeesTheSameViews() throws Exception {
        try (Connection one = connect(); Connection two = connect()) {
            assertEquals(counts(one, "SELECT run, count(*) FROM episodes GROUP BY run"),
                    counts(two, "SELECT run, count(*) FROM episodes GROUP BY run"));
            assertEquals(6, column(two, "SHOW TABLES", 2).size());
        }
    }

    @Test
    @Order(3)
    void aRunWrittenAfterTheServerStartedIsInTheNextQuery() throws Exception {
        try (Connection connection = connect()) {
            assertEquals(1, counts(connection, "SELECT run, count(*) FROM transitions GROUP BY run").size());
            TinyCycleRuns.build(store, "second", 1);
            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("first", transitionsInParquetFooters("first"));
            expected.put("second", transitionsInParquetFooters("second"));
            assertEquals(expected, counts(connection, "SELECT run, count(*) FROM transitions GROUP BY run"));
            assertEquals(List.of("first", "second"),
                    column(connection, "SELECT DISTINCT run FROM snapshots ORDER BY run", 1));
        }
    }

    @Test
    @Order(4)
    void writesAreRefusedAndChangeNothing() throws Exception {
        try (Connection connection = connect()) {
            Map<String, Long> before = counts(connection, "SELECT run, count(*) FROM episodes GROUP BY run");
            for (String write : List.of("CREATE TABLE copy USING parquet AS SELECT * FROM episodes",
                    "INSERT INTO episodes SELECT * FROM episodes", "DROP VIEW transitions",
                    "CREATE OR REPLACE TEMPORARY VIEW episodes AS SELECT 1 AS one",
                    "SET spark.sql.shuffle.partitions=1", "CACHE TABLE transitions")) {
                SQLException refused = assertThrows(SQLException.class, () -> execute(connection, write), write);
                assertTrue(refused.getMessage().contains("dqn sql-server is read-only"),
                        write + ": " + refused.getMessage());
            }
            assertEquals(before, counts(connection, "SELECT run, count(*) FROM episodes GROUP BY run"));
            assertEquals(6, column(connection, "SHOW TABLES", 2).size());
        }
    }

    @Test
    @Order(5)
    void itListensOnTheLoopbackAddressOnly() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "this machine has no address but the loopback one");
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress(external.get(), port), 2000));
        }
    }

    @Test
    @Order(6)
    void ctrlCStopsItAndItLeavesNothingInItsWorkingDirectory() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGINT");
        assertEquals(130, server.exitValue());
        try (Stream<Path> left = Files.list(serverWorkingDirectory)) {
            assertEquals(List.of(), left.map(Path::getFileName).map(Path::toString).toList(),
                    "metastore, warehouse or logs left in the working directory");
        }
    }

    /** The command itself, in a JVM with this test's class path and flags, in a directory of its own. */
    private static Process startServer(int port) throws IOException {
        List<String> command = new ArrayList<>(TestJvm.command("2g", Dqn.class));
        command.addAll(List.of("sql-server", "--store", store.toString(), "--port", Integer.toString(port),
                "--master", "local[2]"));
        Process process = new ProcessBuilder(command).directory(serverWorkingDirectory.toFile())
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    serverOutput.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "sql-server-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static String awaitUrl() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            synchronized (serverOutput) {
                for (String line : serverOutput) {
                    if (line.startsWith("dqn sql-server: jdbc:hive2://")) {
                        return line.split(" ")[2];
                    }
                }
            }
            assertTrue(server.isAlive(), "the server stopped: " + String.join("\n", serverOutput));
            Thread.sleep(200);
        }
        throw new AssertionError("no URL within " + START_TIMEOUT_S + " s: " + String.join("\n", serverOutput));
    }

    /** Hive's driver from its standalone jar (target/jdbc/), sharing no class with the server's Hive. */
    private static Driver hiveJdbcDriver() throws Exception {
        Path jar;
        try (Stream<Path> jars = Files.list(Path.of("target", "jdbc"))) {
            jar = jars.filter(path -> path.getFileName().toString().startsWith("hive-jdbc-")).findFirst()
                    .orElseThrow();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        return (Driver) loader.loadClass("org.apache.hive.jdbc.HiveDriver").getDeclaredConstructor().newInstance();
    }

    private static Connection connect() throws SQLException {
        Properties user = new Properties();
        user.setProperty("user", "analyst");
        return hiveDriver.connect(url, user);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> column(Connection connection, String sql, int column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(column));
            }
        }
        return values;
    }

    private static Map<String, Long> counts(Connection connection, String sql) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql + " ORDER BY 1")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /** The run's transitions as the Parquet footers count them, read without Spark. */
    private static long transitionsInParquetFooters(String run) throws IOException {
        Configuration hadoop = new Configuration();
        long rows = 0;
        try (Stream<Path> files = Files.walk(store.resolve(run).resolve("transitions"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".parquet")).toList()) {
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toUri()), hadoop))) {
                    rows += reader.getRecordCount();
                }
            }
        }
        return rows;
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
