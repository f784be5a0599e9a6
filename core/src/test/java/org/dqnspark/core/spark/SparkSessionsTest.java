package org.dqnspark.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A job's Spark session listens on nothing beyond the machine unless asked. */
class SparkSessionsTest {
    @Test
    void aLocalSessionHasNoWebUiAndItsDriverListensOnTheLoopbackOnly() throws Exception {
        SparkSession.getActiveSession().foreach(active -> {
            active.stop();
            return null;
        });
        SparkSession spark = SparkSessions.create("listening", "local[1]");
        try {
            assertTrue(spark.sparkContext().uiWebUrl().isEmpty(), "no web UI");
            assertEquals("127.0.0.1", spark.sparkContext().getConf().get("spark.driver.bindAddress"));
            String driverHost = spark.sparkContext().getConf().get("spark.driver.host");
            assertTrue(InetAddress.getByName(driverHost).isLoopbackAddress(), driverHost);
        } finally {
            spark.stop();
        }
    }
}
