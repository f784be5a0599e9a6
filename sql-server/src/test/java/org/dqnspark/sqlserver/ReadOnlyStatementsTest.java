package org.dqnspark.sqlserver;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.execution.SparkSqlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlyStatementsTest {
    private final SparkSqlParser parser = new SparkSqlParser();

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT run, count(*) FROM transitions GROUP BY run",
        "WITH e AS (SELECT * FROM episodes) SELECT max(episode_return) FROM e",
        "SHOW TABLES", "SHOW VIEWS", "DESCRIBE episodes", "DESCRIBE FUNCTION max", "SHOW FUNCTIONS",
        "EXPLAIN SELECT * FROM training", "SET", "SET spark.sql.shuffle.partitions", "USE default",
        "SHOW COLUMNS IN episodes", "SHOW DATABASES"})
    void queriesAndQuestionsAboutTheViewsPass(String statement) {
        assertDoesNotThrow(() -> ReadOnlyStatements.check(parser.parsePlan(statement)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE x (a INT)", "CREATE TABLE x USING parquet AS SELECT * FROM episodes",
        "CREATE TEMPORARY VIEW transitions AS SELECT 1", "CREATE OR REPLACE GLOBAL TEMPORARY VIEW v AS SELECT 1",
        "INSERT INTO episodes SELECT * FROM episodes", "INSERT OVERWRITE DIRECTORY '/tmp/x' SELECT 1",
        "DROP VIEW transitions", "DROP TABLE episodes", "ALTER VIEW episodes AS SELECT 1",
        "CACHE TABLE transitions", "UNCACHE TABLE transitions", "CLEAR CACHE", "REFRESH TABLE episodes",
        "SET spark.sql.shuffle.partitions=3", "RESET", "ADD JAR /tmp/x.jar",
        "CREATE FUNCTION f AS 'x.Y'", "CREATE DATABASE d", "TRUNCATE TABLE episodes",
        "DELETE FROM episodes WHERE true", "MSCK REPAIR TABLE episodes"})
    void statementsThatWriteCreateOrChangeTheSessionAreRefused(String statement) {
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> ReadOnlyStatements.check(parser.parsePlan(statement)));
        assertTrue(refused.getMessage().startsWith("dqn sql-server is read-only"), refused.getMessage());
    }
}
