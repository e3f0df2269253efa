package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DomainStyleTest {
    @Test
    void theSourcePaletteTargetKeepsTheSourcesColoursAndCameraAndTakesTheTargetsDegradations() {
        DomainStyle source = DomainStyle.synthetic();
        DomainStyle realistic = DomainStyle.realistic();
        DomainStyle look = DomainStyle.target("source-palette");
        assertEquals("source-palette", look.name());
        assertEquals(source.camera(), look.camera());
        assertArrayEquals(source.classRgb(), look.classRgb());
        assertArrayEquals(source.carPaints(), look.carPaints());
        assertArrayEquals(source.clothes(), look.clothes());
        assertArrayEquals(source.buildingTones(), look.buildingTones());
        assertEquals(realistic.texture(), look.texture());
        assertArrayEquals(realistic.lightRgb(), look.lightRgb());
        assertEquals(realistic.fogBeta(), look.fogBeta());
        assertEquals(realistic.blurSigma(), look.blurSigma());
        assertEquals(realistic.noiseSigma(), look.noiseSigma());
        assertEquals(realistic.camera(), DomainStyle.target("realistic").camera());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainStyle.target("sepia"));
        assertEquals("unknown target look 'sepia'; known: realistic, source-palette", e.getMessage());
    }
}
