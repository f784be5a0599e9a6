package org.dqnspark.sqlserver;

import java.util.Set;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.SetCommand;
import scala.Option;
import scala.Tuple2;

/**
 * The SQL server answers queries and questions about its views, and refuses everything that writes,
 * creates, drops, caches or changes the shared session: one session serves every connection, and the store
 * belongs to the jobs. The check runs on the analyzed plan, before Spark executes anything (commands run
 * only after analysis).
 */
final class ReadOnlyStatements {
    /** Commands that only read the catalog or describe a plan, by class name (v1 and v2 forms). */
    private static final Set<String> READING_COMMANDS = Set.of(
            "ShowTables", "ShowTablesCommand", "ShowTableExtended", "ShowViews", "ShowViewsCommand",
            "ShowNamespaces", "ShowCatalogsCommand", "ShowCurrentNamespaceCommand", "ShowColumns",
            "ShowColumnsCommand", "ShowFunctions", "ShowFunctionsCommand", "ShowTablePropertiesCommand",
            "ShowCreateTableCommand", "ShowPartitionsCommand", "DescribeRelation", "DescribeTableCommand",
            "DescribeColumn", "DescribeColumnCommand", "DescribeFunction", "DescribeFunctionCommand",
            "DescribeNamespace", "DescribeDatabaseCommand", "DescribeQueryCommand", "ExplainCommand",
            // USE: JDBC clients send it when they connect (Hive's driver for a database in its URL).
            "SetCatalogAndNamespace", "SetNamespaceCommand", "SetCatalogCommand");

    private ReadOnlyStatements() {
    }

    /**
     * @throws UnsupportedOperationException naming the statement, when {@code plan} would write or change
     *         anything
     */
    static void check(LogicalPlan plan) {
        if (StoreViews.registeringOnThisThread()) {
            return;
        }
        if (plan instanceof SetCommand set && isReadingSet(set)) {
            return;
        }
        if (plan instanceof Command && READING_COMMANDS.contains(plan.getClass().getSimpleName())) {
            return;
        }
        boolean writes = plan.find(node -> node instanceof Command || node instanceof InsertIntoStatement
                || node instanceof InsertIntoDir)
                .isDefined();
        if (writes) {
            throw new UnsupportedOperationException("dqn sql-server is read-only: "
                    + plan.getClass().getSimpleName() + " refused. It answers queries (SELECT, WITH, SHOW,"
                    + " DESCRIBE, EXPLAIN) over the store's views; the dqn jobs write the store.");
        }
    }

    /** {@code SET} and {@code SET key} read the configuration; {@code SET key=value} would change it for all. */
    private static boolean isReadingSet(SetCommand set) {
        Option<Tuple2<String, Option<String>>> pair = set.kv();
        return pair.isEmpty() || pair.get()._2().isEmpty();
    }
}
