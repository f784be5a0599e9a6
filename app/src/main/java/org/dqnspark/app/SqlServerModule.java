package org.dqnspark.app;

import java.util.concurrent.Callable;
import org.dqnspark.core.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code dqn sql-server} lives in its own module (sql-server/, Spark's Thrift server and Hive's jars), which
 * bin/dqn puts on the classpath for that command only. Without it the command says how to get it.
 */
final class SqlServerModule {
    static final String COMMAND = "sql-server";
    private static final String COMMAND_CLASS = "org.dqnspark.sqlserver.SqlServerCommand";

    private SqlServerModule() {
    }

    /** The module's command, or one that explains its absence. */
    static Object command() {
        try {
            return Class.forName(COMMAND_CLASS).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException absent) {
            return new Missing();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + COMMAND_CLASS, e);
        }
    }

    @Command(name = COMMAND, description = "Serves the store's tables to JDBC/ODBC clients (its own module,"
            + " sql-server/; run it through bin/dqn).")
    static final class Missing implements Callable<Integer> {
        @Unmatched
        String[] arguments;

        @Override
        public Integer call() {
            throw new UserError("the SQL server's module is not on the classpath. Build it (mvn -B -q package"
                    + " -DskipTests builds sql-server/ with the rest) and run it through bin/dqn, which adds it.");
        }
    }
}
