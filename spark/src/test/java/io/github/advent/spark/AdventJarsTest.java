package io.github.advent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.tools.cluster.Cluster;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a non-local master's executors are sent (spark.jars), and the cluster's own contract in local mode. */
class AdventJarsTest {
    @Test
    void everyJarOfTheClassPathButSparksOwnIsShipped() {
        for (String name : new String[] {"spark-core_2.13-3.5.8.jar", "scala-library-2.13.8.jar", "hadoop-client-api-3.3.4.jar",
            "log4j-core-2.20.0.jar", "jetty-util-9.4.54.jar"}) {
            assertTrue(AdventJars.isSparksOwn(name), name);
        }
        for (String name : new String[] {"tools-0.1.0-SNAPSHOT.jar", "pytorch-native-cpu-2.7.1-linux-x86_64.jar",
            "opencv-4.13.0-1.5.13-linux-x86_64.jar", "gson-2.13.1.jar", "slf4j-simple-2.0.17.jar", "advent-spark.jar"}) {
            assertFalse(AdventJars.isSparksOwn(name), name);
        }
        List<String> shipped = AdventJars.onClassPath();
        assertTrue(shipped.stream().anyMatch(j -> j.contains("pytorch-native-cpu")), shipped::toString);
        assertTrue(shipped.stream().noneMatch(j -> new File(j).getName().startsWith("spark-core")), shipped::toString);
        assertTrue(shipped.stream().allMatch(j -> j.startsWith("file:/") && j.endsWith(".jar")), shipped::toString);
    }

    @Test
    void slicesComeBackInOrderAndEachTaskSeesAContiguousSlice() throws Exception {
        List<Integer> items = java.util.stream.IntStream.range(0, 23).boxed().toList();
        try (Cluster cluster = new SparkCluster("local[2]")) {
            assertEquals(2, cluster.parallelism());
            assertTrue(cluster.describe().startsWith("spark local[2] (2 slots, Spark 3.5."), cluster.describe());
            List<String> slices = cluster.map("test", items, slice -> List.of(slice.get(0) + "-" + slice.get(slice.size() - 1)));
            assertEquals(2 * SparkCluster.SLICES_PER_SLOT, slices.size(), slices::toString);
            assertEquals("0", slices.get(0).split("-")[0]);
            assertEquals("22", slices.get(slices.size() - 1).split("-")[1]);
            for (int i = 1; i < slices.size(); i++) { // each slice starts where the one before ended
                assertEquals(Integer.parseInt(slices.get(i - 1).split("-")[1]) + 1, Integer.parseInt(slices.get(i).split("-")[0]));
            }
            assertEquals(List.of(), cluster.map("empty", List.<Integer>of(), slice -> List.of(1)));
            String missing = "/nowhere/none"; // a String: the task is serialised (a Path is not Serializable)
            IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> cluster.map("fails", items, slice -> {
                        throw new IllegalStateException("slice at " + slice.get(0) + " found no " + missing);
                    }));
            assertTrue(failure.getMessage().startsWith("slice at ") && failure.getMessage().endsWith(" found no " + missing),
                    failure.getMessage());
        }
    }
}
