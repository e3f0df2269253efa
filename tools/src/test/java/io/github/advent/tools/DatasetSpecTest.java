package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetSpecTest {

    @Test
    void parsesKindRootAndOptions() {
        DatasetSpec spec = DatasetSpec.parse("foggy-cityscapes=/data/cs,beta=0.02");
        assertEquals(DatasetKind.FOGGY_CITYSCAPES, spec.kind());
        assertEquals(Path.of("/data/cs"), spec.root());
        assertEquals(Map.of("beta", "0.02"), spec.options());
        assertEquals("0.02", spec.option("beta"));
        assertEquals("foggy-cityscapes=/data/cs,beta=0.02", spec.toString());
    }

    @Test
    void leftOutOptionsTakeTheKindsDefault() {
        DatasetSpec spec = DatasetSpec.parse("foggy-cityscapes=/data/cs");
        assertEquals(Map.of(), spec.options());
        assertEquals("0.02", spec.option("beta"));
        assertNull(DatasetSpec.parse("gta5=/data/gta5").option("beta"));
    }

    @Test
    void fogBetaIsCanonicalised() {
        assertEquals("0.02", DatasetSpec.parse("foggy-cityscapes=/d,beta=0.020").option("beta"));
        assertEquals("0.005", DatasetSpec.parse("foggy-cityscapes=/d,beta=5e-3").option("beta"));
    }

    @Test
    void folderTakesALabelMap() {
        DatasetSpec spec = DatasetSpec.parse("folder=imgs,labels=maps/ids.json");
        assertEquals(DatasetKind.FOLDER, spec.kind());
        assertEquals(Path.of("imgs"), spec.root());
        assertEquals("maps/ids.json", spec.option("labels"));
    }

    @Test
    void everyKindParses() {
        for (DatasetKind kind : DatasetKind.all()) {
            assertEquals(kind, DatasetSpec.parse(kind.cliName() + "=/r").kind());
        }
    }

    @Test
    void rootMayContainEqualsSigns() {
        assertEquals(Path.of("/data/a=b"), DatasetSpec.parse("gta5=/data/a=b").root());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cityscape=/x|unknown dataset 'cityscape'; known: acdc, cityscapes, coco, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city",
        "cityscapes|dataset 'cityscapes' needs a root folder: write cityscapes=ROOT",
        "cityscapes=|dataset 'cityscapes' needs a root folder: write cityscapes=ROOT",
        "cityscapes=  |dataset 'cityscapes' needs a root folder: write cityscapes=ROOT",
        "=/x|unknown dataset ''; known: acdc, cityscapes, coco, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city",
        "foggy-cityscapes=/d,beta=|dataset 'foggy-cityscapes': option 'beta' has an empty value",
        "foggy-cityscapes=/d,beta|dataset 'foggy-cityscapes': option 'beta' needs a value: beta=VALUE",
        "foggy-cityscapes=/d,|dataset 'foggy-cityscapes': empty option in 'foggy-cityscapes=/d,'; write foggy-cityscapes=ROOT,key=value",
        "foggy-cityscapes=/d,fog=1|unknown option 'fog' for dataset 'foggy-cityscapes'; known: beta, boxes, classes, list, min-size, size, size-mismatch, split, unpaired",
        "folder=/d,label=x|unknown option 'label' for dataset 'folder'; known: annotations, classes, labels, list, min-size, size, size-mismatch, unpaired",
        "cityscapes=/d,split=vall|unknown split 'vall' for dataset 'cityscapes'; known: train, val, test, train_extra",
        "acdc=/d,split=train_extra|unknown split 'train_extra' for dataset 'acdc'; known: train, val, test",
        "gta5=/d,beta=0.02|unknown option 'beta' for dataset 'gta5'; known: list, size, size-mismatch, unpaired",
        "foggy-cityscapes=/d,beta=0.02,beta=0.01|dataset 'foggy-cityscapes': option 'beta' given twice",
        "foggy-cityscapes=/d,beta=0.03|beta must be one of 0.005, 0.01, 0.02 (the Foggy Cityscapes releases); got '0.03'",
        "foggy-cityscapes=/d,beta=thick|beta must be a number, one of 0.005, 0.01, 0.02; got 'thick'",
    })
    void malformedSpecsSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void emptySpecIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse(""));
        assertEquals("empty dataset; write KIND=ROOT, e.g. cityscapes=/data/cityscapes (kinds: acdc,"
                + " cityscapes, coco, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city)", e.getMessage());
    }

    @Test
    void optionsAreImmutable() {
        DatasetSpec spec = DatasetSpec.parse("foggy-cityscapes=/d,beta=0.01");
        assertThrows(UnsupportedOperationException.class, () -> spec.options().put("beta", "0.02"));
    }

    @Test
    void sizesParse() {
        assertEquals(new ImageSize(1024, 512), ImageSize.parse("1024x512"));
        assertEquals(new ImageSize(300, 300), ImageSize.parse("300X300"));
        assertEquals("1280x720", ImageSize.parse("1280x720").toString());
        for (String bad : new String[] {"1024", "x512", "1024x", "axb", "1024x512x3", "-1x5", "0x5", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageSize.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("bad size '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void weightedCheckpointsParse() {
        assertEquals(new WeightedCheckpoint(Path.of("runs/a.safetensors"), 1.0),
                WeightedCheckpoint.parse("runs/a.safetensors"));
        assertEquals(new WeightedCheckpoint(Path.of("runs/a.safetensors"), 0.5),
                WeightedCheckpoint.parse("runs/a.safetensors:0.5"));
        assertEquals(new WeightedCheckpoint(Path.of("runs/a:b"), 1.0), WeightedCheckpoint.parse("runs/a:b"));
        assertEquals("runs/a:0.5", WeightedCheckpoint.parse("runs/a:0.5").toString());
        assertThrows(IllegalArgumentException.class, () -> WeightedCheckpoint.parse("a:0"));
        assertThrows(IllegalArgumentException.class, () -> WeightedCheckpoint.parse("a:-1"));
        assertThrows(IllegalArgumentException.class, () -> WeightedCheckpoint.parse(""));
    }
}
