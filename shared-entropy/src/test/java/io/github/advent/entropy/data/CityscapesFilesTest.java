package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task-neutral Cityscapes layout: frame discovery, frame names of list entries, fog suffixes. */
class CityscapesFilesTest {
    @TempDir
    Path dir;

    @Test
    void findsFramesOfEveryCityInOrder() throws IOException {
        Path split = dir.resolve("gtFine/val");
        touch(split.resolve("munster/munster_000001_000019_gtFine_instanceIds.png"));
        touch(split.resolve("frankfurt/frankfurt_000000_000294_gtFine_instanceIds.png"));
        touch(split.resolve("frankfurt/frankfurt_000000_000294_gtFine_labelIds.png"));
        touch(split.resolve("frankfurt/.hidden_gtFine_instanceIds.png"));
        Map<String, Path> frames = CityscapesFiles.frames(split, CityscapesFiles.INSTANCE_IDS_SUFFIX);
        assertEquals(List.of("frankfurt_000000_000294", "munster_000001_000019"), List.copyOf(frames.keySet()));
        assertEquals(split.resolve("munster/munster_000001_000019_gtFine_instanceIds.png"), frames.get("munster_000001_000019"));
        assertEquals(split.resolve("frankfurt/frankfurt_000000_000294_gtFine_polygons.json"),
                CityscapesFiles.frameFile(split, "frankfurt_000000_000294", CityscapesFiles.POLYGONS_SUFFIX));
    }

    @Test
    void listEntriesNameFrames() {
        assertEquals("frankfurt_000000_000294", CityscapesFiles.frameName("frankfurt/frankfurt_000000_000294_leftImg8bit.png"));
        assertEquals("a_1_2", CityscapesFiles.frameName("a_1_2_leftImg8bit_foggy_beta_0.005.png"));
        assertEquals("a_1_2", CityscapesFiles.frameName("x\\a_1_2_gtFine_polygons.json"));
        assertEquals("a_1_2", CityscapesFiles.frameName("a_1_2_gtFine_instanceIds.png"));
        assertEquals("a_1_2", CityscapesFiles.frameName("a_1_2"));
    }

    @Test
    void betasAreTheReleasedOnes() {
        assertEquals("_leftImg8bit_foggy_beta_0.01.png", CityscapesFiles.foggySuffix("0.010"));
        assertEquals("0.005", CityscapesFiles.canonicalBeta(" 5e-3 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CityscapesFiles.canonicalBeta("0.03"));
        assertEquals("beta must be one of 0.005, 0.01, 0.02 (the Foggy Cityscapes releases); got '0.03'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CityscapesFiles.canonicalBeta("thick"));
    }

    @Test
    void aMissingSplitListsThePresentOnes() throws IOException {
        Files.createDirectories(dir.resolve("leftImg8bit/train"));
        Files.createDirectories(dir.resolve("leftImg8bit/val"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> CityscapesFiles.split(dir.resolve("leftImg8bit"), "tarin", "split tarin of leftImg8bit/"));
        assertEquals(dir.resolve("leftImg8bit/tarin"), e.file());
        assertTrue(e.getMessage().endsWith("leftImg8bit/ has: train, val"), e.getMessage());
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }
}
