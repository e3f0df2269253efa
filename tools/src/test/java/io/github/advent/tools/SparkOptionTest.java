package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --spark} where the spark module is absent (tools' own class path, as with {@code java -jar advent-tools.jar}):
 * one line saying how to get it; and the launcher's test for the option (tools/launcher/spark.sh), which decides
 * whether Spark's jars are built and put on the class path at all. The Spark runs themselves are tested in spark/.
 */
class SparkOptionTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheSparkModuleTheOptionIsOneLineSayingHowToGetIt() {
        CliRunner.Result r = CliRunner.run("fog", "--cityscapes", "/nowhere", "--beta", "0.02", "--out", "/tmp/x",
                "--spark", "local[2]");
        assertEquals(1, r.code(), r::toString);
        // the frames are looked for first: bad input before any cluster
        assertTrue(r.err().startsWith("advent: /nowhere/leftImg8bit: missing folder"), r::toString);
        Path checkpoint = dir.resolve("a.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabWeights.writeCheckpoint(checkpoint, DeepLabV2.create(manager,
                    DeepLabConfig.parse("deeplabv2-resnet14-w4", 19), new SplitMix64(1)), "test");
        }
        CliRunner.Result noModule = CliRunner.run("evaluate", "segmentation", "--dataset",
                "cityscapes=" + EvaluateCheckpointCommandTest.cityscapesVal(dir.resolve("cs"), "frankfurt_000000_000294"),
                "--checkpoint", checkpoint.toString(), "--spark", "local[2]");
        assertEquals(1, noModule.code(), noModule::toString);
        assertEquals("advent: --spark local[2] needs advent's spark module on the class path: run it through ./advent"
                + " (it builds spark/ on first use of --spark), or add spark/target/advent-spark.jar and spark/target/lib/*"
                + " to the class path", noModule.err().strip());
    }

    @Test
    void theLauncherLooksForTheOptionInEitherSpelling() throws Exception {
        for (String args : new String[] {"evaluate segmentation --spark local[2]", "fog --spark=yarn --beta 0.02"}) {
            assertEquals(0, wants(args), args);
        }
        for (String args : new String[] {"evaluate segmentation", "predict --sparkle", "train -- --spark x", ""}) {
            assertEquals(1, wants(args), args);
        }
    }

    private static int wants(String args) throws Exception {
        return LauncherShell.bash("spark.sh", "advent_wants_spark " + args, Map.of()).code();
    }
}
