package org.dqnspark.sqlserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.StoreTables;

/**
 * Spark's Thrift JDBC/ODBC server (HiveServer2's protocol) over one store: one Spark session shared by every
 * connection (so the store's views, temporary views of that session, are everyone's), kept current by
 * {@link StoreViews}, read-only by {@link ReadOnlyStatements}. Hive's metastore of the server is Derby in
 * memory; its warehouse, scratch and log directories are in a temporary directory of its own, removed on
 * {@link #close()}, never the user's working directory.
 */
public final class StoreSqlServer implements AutoCloseable {
    private static final long LISTEN_TIMEOUT_MS = 60_000;

    private final SparkSession spark;
    private final HiveThriftServer2 server;
    private final Path workDirectory;
    private final String jdbcUrl;
    private final List<String> runs;

    private StoreSqlServer(SparkSession spark, HiveThriftServer2 server, Path workDirectory, String jdbcUrl,
                           List<String> runs) {
        this.spark = spark;
        this.server = server;
        this.workDirectory = workDirectory;
        this.jdbcUrl = jdbcUrl;
        this.runs = runs;
    }

    /**
     * Starts the server and returns once it accepts connections.
     *
     * @param startSpark makes the session from the settings the server needs (the command's master and
     *                   Spark's defaults of the project)
     * @throws UserError when the port is taken or the address is not this machine's
     */
    public static StoreSqlServer start(String store, String bindAddress, int port,
                                       java.util.function.Function<Map<String, String>, SparkSession> startSpark) {
        checkPortFree(bindAddress, port);
        Path work = createWorkDirectory();
        // Derby writes its log into the working directory unless told otherwise.
        System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
        SparkSession spark = startSpark.apply(settings(store, bindAddress, port, work));
        try {
            spark.sql("SELECT 1").collect(); // registers the views: a damaged table stops the server here
            HiveThriftServer2 server = HiveThriftServer2.startWithContext(spark.sqlContext());
            awaitListening(bindAddress, port);
            String url = "jdbc:hive2://" + hostForUrl(bindAddress) + ":" + port + "/default";
            List<String> runs = StoreTables.runs(store, spark.sparkContext().hadoopConfiguration()).stream()
                    .map(RunLayout::run).toList();
            return new StoreSqlServer(spark, server, work, url, runs);
        } catch (RuntimeException e) {
            spark.stop();
            deleteQuietly(work);
            throw e;
        }
    }

    /** The JDBC URL clients connect to (beeline -u URL; DBeaver and Superset take the same). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The runs the store held when the server started. */
    public List<String> runs() {
        return runs;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            spark.stop();
            deleteQuietly(workDirectory);
        }
    }

    private static Map<String, String> settings(String store, String bindAddress, int port, Path work) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.sql.extensions", StoreSqlExtensions.class.getName());
        settings.put(StoreSqlExtensions.STORE, store);
        // One session for every connection: the views are temporary views, which Spark keeps per session.
        settings.put("spark.sql.hive.thriftServer.singleSession", "true");
        settings.put("spark.sql.warehouse.dir", work.resolve("warehouse").toUri().toString());
        Map<String, String> hive = new LinkedHashMap<>();
        hive.put("hive.server2.thrift.bind.host", bindAddress);
        hive.put("hive.server2.thrift.port", Integer.toString(port));
        hive.put("hive.server2.transport.mode", "binary");
        hive.put("hive.exec.scratchdir", work.resolve("scratch").toString());
        hive.put("hive.exec.local.scratchdir", work.resolve("local-scratch").toString());
        hive.put("hive.downloaded.resources.dir", work.resolve("resources").toString());
        hive.put("hive.querylog.location", work.resolve("query-logs").toString());
        hive.put("hive.server2.logging.operation.log.location", work.resolve("operation-logs").toString());
        // Spark hands its settings to the server's HiveConf; the spark.hadoop. form reaches Hadoop's too.
        hive.forEach((key, value) -> {
            settings.put(key, value);
            settings.put("spark.hadoop." + key, value);
        });
        return settings;
    }

    private static void checkPortFree(String bindAddress, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new UserError("--bind " + bindAddress + ": not an address of this machine (" + e.getMessage()
                    + "). Give 127.0.0.1 (the default), 0.0.0.0 or one of this machine's addresses.");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            // Hive's server would exit the JVM from its own thread; say it here instead.
            throw new UserError("Cannot listen on " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "). Another server may hold the port: give another with --port.");
        }
    }

    private static void awaitListening(String bindAddress, int port) {
        String host = bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress;
        long deadline = System.currentTimeMillis() + LISTEN_TIMEOUT_MS;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the Thrift server did not listen on " + host + ":" + port
                            + " within " + LISTEN_TIMEOUT_MS / 1000 + " s", notYet);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the server started", e);
                }
            }
        }
    }

    private static String hostForUrl(String bindAddress) {
        return bindAddress.equals("0.0.0.0") ? "<this host>" : bindAddress.contains(":") ? "[" + bindAddress + "]"
                : bindAddress;
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("dqn-sql-server-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the server's temporary directory", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A temporary directory left behind is not worth failing the stop for.
        }
    }
}
