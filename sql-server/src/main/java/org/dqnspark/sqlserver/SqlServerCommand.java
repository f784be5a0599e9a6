package org.dqnspark.sqlserver;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.app.StoreReadOptions;
import org.dqnspark.core.store.StoreTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code dqn sql-server}: the store's tables for any JDBC/ODBC client, until Ctrl-C. */
@Command(name = "sql-server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves the store's tables to JDBC/ODBC clients (beeline, DBeaver, Superset, any Hive"
                + " JDBC driver) through Spark's Thrift server: the views of dqn sql (transitions, episodes,"
                + " training, evaluations, snapshots, cycles), every run's rows, current at every query. Read-only."
                + " Runs until Ctrl-C.",
                "Example: dqn sql-server --store ./store   then   beeline -u jdbc:hive2://127.0.0.1:10000/default"})
public final class SqlServerCommand implements Callable<Integer> {
    @Mixin
    StoreReadOptions reader;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "10000",
            description = "TCP port (HiveServer2's binary protocol). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}, this machine only; the server asks"
                    + " no password, so bind another address only on a network you trust.")
    String bind;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        StoreTables.runs(reader.store, new Configuration()); // a missing store fails before Spark starts
        StoreSqlServer server = StoreSqlServer.start(reader.store, bind, port,
                settings -> reader.startSpark("dqn sql-server", settings));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dqn-sql-server-stop"));
        // Hive's server catches SIGINT and carries on; Ctrl-C must stop it as it stops every other command.
        Signal.handle(new Signal("INT"), signal -> System.exit(130));
        PrintWriter out = spec.commandLine().getOut();
        out.println("dqn sql-server: " + server.jdbcUrl() + " serves " + reader.store + " (runs: "
                + (server.runs().isEmpty() ? "none yet" : String.join(", ", server.runs())) + "), read-only.");
        out.println("  views: " + String.join(", ", StoreTables.VIEWS) + "; runs written from now on appear"
                + " in the next query. Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }
}
