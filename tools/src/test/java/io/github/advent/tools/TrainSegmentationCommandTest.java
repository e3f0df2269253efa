package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.segmentation.data.TinyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainSegmentationCommandTest {
    @TempDir
    Path dir;

    private String[] train(String method, int iterations, boolean resume) {
        Path gta = dir.resolve("gta5");
        Path cs = dir.resolve("cityscapes");
        if (!Files.exists(gta)) {
            TinyData.gta5(gta, "00001", "00002");
            TinyData.cityscapes(cs, "train", "aachen_000000_000019");
        }
        String args = "train segmentation --method " + method + " --arch deeplabv2-resnet14-w4"
                + " --source gta5=" + gta + ",size=48x32 --target cityscapes=" + cs + ",size=48x32"
                + " --out " + dir.resolve("run") + " --iterations " + iterations + " --snapshot-every 2 --device cpu"
                + (resume ? " --resume" : "");
        return args.split(" ");
    }

    @Test
    void trainsWritesSnapshotsAndResumes() throws IOException {
        CliRunner.Result first = CliRunner.run(train("advent", 2, false));
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.err().contains("finished at iteration 2"), first::toString);
        Path run = dir.resolve("run");
        assertTrue(Files.exists(TrainingRun.snapshotPath(run, 2)));
        CliRunner.Result again = CliRunner.run(train("advent", 3, false));
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("--resume"), again::toString);
        CliRunner.Result resumed = CliRunner.run(train("advent", 3, true));
        assertEquals(0, resumed.code(), resumed::toString);
        assertTrue(resumed.err().contains("resuming at iteration 2"), resumed::toString);
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size());
    }

    @Test
    void aMissingDatasetIsBadInputNamingTheFolder() {
        CliRunner.Result r = CliRunner.run(("train segmentation --method advent --source gta5=" + dir.resolve("none")
                + " --target cityscapes=" + dir + " --out " + dir.resolve("run")).split(" "));
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains(dir.resolve("none").toString()), r::toString);
    }
}
