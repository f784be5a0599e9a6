package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableFilesTest {
    private static final StructType DECLARED = new StructType()
            .add("run", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("mean_max_q", DataTypes.DoubleType, true);

    @Test
    void aFileOfTheDeclaredColumnsHasNoProblemAndMayLackANullableOne() {
        MessageType file = MessageTypeParser.parseMessageType(
                "message spark_schema { required binary run (UTF8); required double score; }");
        assertEquals(List.of(), TableFiles.schemaProblems(file, DECLARED));
    }

    @Test
    void aMissingColumnAColumnOfAnotherTypeAndAnUndeclaredColumnAreEachNamed() {
        MessageType file = MessageTypeParser.parseMessageType(
                "message other { required int32 score; optional binary name (UTF8); }");
        assertEquals(List.of("no column run", "column score is required int32 score, not double",
                "undeclared column name"), TableFiles.schemaProblems(file, DECLARED));
    }
}
