package org.dqnspark.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class TaskThreadsTest {
    private static final int AVAILABLE = Runtime.getRuntime().availableProcessors();

    @Test
    void anExecutorHasTheCoresOfItsMasterOrOfSparkExecutorCores() {
        assertEquals(1, TaskThreads.executorCores(new SparkConf(false).setMaster("local")));
        assertEquals(Math.min(2, AVAILABLE), TaskThreads.executorCores(new SparkConf(false).setMaster("local[2]")));
        assertEquals(Math.min(2, AVAILABLE), TaskThreads.executorCores(new SparkConf(false).setMaster("local[2, 3]")));
        assertEquals(AVAILABLE, TaskThreads.executorCores(new SparkConf(false).setMaster("local[*]")));
        assertEquals(AVAILABLE, TaskThreads.executorCores(new SparkConf(false).setMaster("local[64]")));
        assertEquals(1, TaskThreads.executorCores(new SparkConf(false).setMaster("local-cluster[2, 1, 1024]")));
        assertEquals(1, TaskThreads.executorCores(new SparkConf(false).setMaster("spark://host:7077")
                .set("spark.executor.cores", "1")));
        assertEquals(AVAILABLE, TaskThreads.executorCores(new SparkConf(false).setMaster("yarn")));
        assertEquals(AVAILABLE, TaskThreads.executorCores(null));
    }

    @Test
    void tasksRunningTogetherOnALocalSessionEachUseOneCore() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        List<List<Integer>> counts = jsc.parallelize(List.of(0, 1), 2).mapPartitions((Iterator<Integer> it) -> {
            TaskThreads.useTaskCores();
            return List.of(counts()).iterator();
        }).collect();
        assertEquals(List.of(List.of(1, 1, 1), List.of(1, 1, 1)), counts);
    }

    @Test
    void aStageWithExecutorCoresUsesEveryCoreOfTheLocalSession() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        int cores = Math.min(2, AVAILABLE); // TestSpark runs local[2]
        JavaRDD<Integer> data = jsc.parallelize(List.of(0, 1, 2, 3), 2).mapPartitions((Iterator<Integer> it) -> {
            TaskThreads.useTaskCores();
            return it;
        });
        // As in the train job: one task reads what others produced, and code downstream in that task sees all cores.
        List<List<Integer>> counts = TaskThreads.withExecutorCores(data.coalesce(1))
                .mapPartitions((Iterator<Integer> it) -> List.of(counts()).iterator()).collect();
        assertEquals(List.of(List.of(cores, cores, cores)), counts);
    }

    @Test
    void whenTheTasksEndTheDriverHasNd4jsStartUpCountsBack() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        // ND4J's start-up counts, before any task of this JVM set them (one task first, to load ND4J there).
        jsc.parallelize(List.of(0), 1).foreach(x -> Nd4j.getEnvironment().maxMasterThreads());
        List<Integer> before = List.of(Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads());
        jsc.parallelize(List.of(0, 1), 2).foreach(x -> TaskThreads.useTaskCores());
        assertEquals(before, List.of(Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads()));
    }

    /** libnd4j's op threads, OpenBLAS's, and this thread's OpenMP count. */
    private static List<Integer> counts() {
        return List.of(Nd4j.getEnvironment().maxMasterThreads(),
                Nd4j.factory().blas().getMaxThreads(), NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
    }
}
