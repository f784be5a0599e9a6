package org.dqnspark.sqlserver;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * What the server's Spark session adds to Spark SQL ({@code spark.sql.extensions}): a parser that brings the
 * store's views up to date before each statement ({@link StoreViews}), and the read-only check
 * ({@link ReadOnlyStatements}) after analysis. The store is the session's {@value #STORE} setting.
 */
public final class StoreSqlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
    /** The Spark setting that names the store whose views the session serves. */
    public static final String STORE = "spark.dqn.sqlServer.store";

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectParser(new AbstractFunction2<SparkSession, ParserInterface, ParserInterface>() {
            @Override
            public ParserInterface apply(SparkSession session, ParserInterface sparkParser) {
                return new RefreshingParser(sparkParser,
                        new StoreViews(session, session.sparkContext().conf().get(STORE)));
            }
        });
        extensions.injectCheckRule(new AbstractFunction1<SparkSession, Function1<LogicalPlan, BoxedUnit>>() {
            @Override
            public Function1<LogicalPlan, BoxedUnit> apply(SparkSession session) {
                return new AbstractFunction1<LogicalPlan, BoxedUnit>() {
                    @Override
                    public BoxedUnit apply(LogicalPlan plan) {
                        ReadOnlyStatements.check(plan);
                        return BoxedUnit.UNIT;
                    }
                };
            }
        });
        return BoxedUnit.UNIT;
    }

    /** Spark's own parser, after a refresh of the views for each statement. */
    private static final class RefreshingParser implements ParserInterface {
        private final ParserInterface spark;
        private final StoreViews views;

        RefreshingParser(ParserInterface spark, StoreViews views) {
            this.spark = spark;
            this.views = views;
        }

        @Override
        public LogicalPlan parsePlan(String sqlText) throws ParseException {
            if (!StoreViews.registeringOnThisThread()) {
                views.refresh();
            }
            LogicalPlan plan = spark.parsePlan(sqlText);
            // Before analysis too, so that a write is refused in our words, not in those of an analysis
            // error it would meet first (CREATE TABLE without Hive's catalog, INSERT into a missing table).
            ReadOnlyStatements.check(plan);
            return plan;
        }

        @Override
        public Expression parseExpression(String sqlText) throws ParseException {
            return spark.parseExpression(sqlText);
        }

        @Override
        public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
            return spark.parseTableIdentifier(sqlText);
        }

        @Override
        public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
            return spark.parseFunctionIdentifier(sqlText);
        }

        @Override
        public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
            return spark.parseMultipartIdentifier(sqlText);
        }

        @Override
        public LogicalPlan parseQuery(String sqlText) throws ParseException {
            return spark.parseQuery(sqlText);
        }

        @Override
        public StructType parseTableSchema(String sqlText) throws ParseException {
            return spark.parseTableSchema(sqlText);
        }

        @Override
        public DataType parseDataType(String sqlText) throws ParseException {
            return spark.parseDataType(sqlText);
        }
    }
}
