package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.tools.fog.AtmosphericLight;
import io.github.advent.tools.fog.FogModel;

/**
 * Paints a {@link SceneGeometry} in a {@link DomainStyle}: base colours and tones, facade windows,
 * lane markings and a sky gradient (both domains); then, as the style asks, surface texture, the
 * scene light, fog over the scene's own distances (the optical model of {@code advent fog}), optical
 * blur and sensor noise.
 */
public final class ScenePainter {
    private ScenePainter() {}

    public static Image8 paint(SceneGeometry scene, DomainStyle style, long seed) {
        int n = scene.pixels();
        SplitMix64 jitter = SplitMix64.derived(seed, 5);
        double[] classFactor = new double[DemoClass.values().length];
        for (int k = 0; k < classFactor.length; k++) {
            classFactor[k] = 1 + style.colourJitter() * (2 * jitter.nextDouble() - 1);
        }
        byte[] clear = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            double[] colour = surfaceColour(scene, style, i);
            double grain = style.texture() == 0 ? 1 : 1 + style.texture() * (texture(scene, i, seed) - 0.5);
            double factor = grain * classFactor[scene.classes()[i]];
            for (int c = 0; c < 3; c++) {
                clear[i * 3 + c] = clamp(colour[c] * factor * style.lightRgb()[c]);
            }
        }
        Image8 image = new Image8(scene.width(), scene.height(), 3, clear);
        if (style.fogBeta() > 0) { // the fog model of 'advent fog', on the scene's own distances
            double[] air = style.atmosphereRgb();
            image = FogModel.apply(image, scene.distance(), style.fogBeta(),
                    new AtmosphericLight((int) air[0], (int) air[1], (int) air[2]));
        }
        if (style.blurSigma() == 0 && style.noiseSigma() == 0) {
            return image;
        }
        float[][] rgb = new float[3][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c][i] = image.data()[i * 3 + c] & 0xff;
            }
        }
        if (style.blurSigma() > 0) {
            for (float[] channel : rgb) {
                GaussianBlur.apply(channel, scene.width(), scene.height(), style.blurSigma());
            }
        }
        SplitMix64 noise = SplitMix64.derived(seed, 7);
        byte[] data = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                data[i * 3 + c] = clamp(rgb[c][i] + (style.noiseSigma() > 0 ? style.noiseSigma() * noise.nextGaussian() : 0));
            }
        }
        return new Image8(scene.width(), scene.height(), 3, data);
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static double[] surfaceColour(SceneGeometry scene, DomainStyle style, int i) {
        DemoClass kind = DemoClass.values()[scene.classes()[i]];
        double[] base = style.classRgb()[kind.ordinal()];
        double u = scene.surfaceU()[i];
        double v = scene.surfaceV()[i];
        int tone = scene.tone()[i];
        return switch (kind) {
            case BUILDING -> {
                double[] factor = style.buildingTones()[tone % style.buildingTones().length];
                boolean window = v > 1.5 && floorMod(u, 3.0) > 1.0 && floorMod(u, 3.0) < 2.2
                        && floorMod(v, 3.2) > 1.0 && floorMod(v, 3.2) < 2.4;
                double shade = window ? 0.55 : 1.0;
                yield new double[] {base[0] * factor[0] * shade, base[1] * factor[1] * shade, base[2] * factor[2] * shade};
            }
            case ROAD -> Math.abs(u) < 0.1 && floorMod(v, 6.0) < 3.0 ? new double[] {225, 225, 225} : base;
            case CAR -> v < 0.4 && v > 0.08 ? scaled(style.carPaints()[tone % style.carPaints().length], 0.45)
                    : style.carPaints()[tone % style.carPaints().length];
            case PERSON -> v < 0.16 ? new double[] {205, 160, 130}
                    : v < 0.58 ? style.clothes()[tone % style.clothes().length] : scaled(base, 0.5);
            case VEGETATION -> scene.upright()[i] >= 0 && !StreetRenderer.inCrown(u, v) ? new double[] {100, 75, 50} : base; // trunk
            case SKY -> scaled(base, 1.0 + 0.25 * Math.max(0, 1 - 4 * Math.abs(v))); // brighter towards the horizon
            default -> base;
        };
    }

    /** Deterministic value noise in [0, 1) on the surface coordinates, a different scale per class. */
    private static double texture(SceneGeometry scene, int i, long seed) {
        int cls = scene.classes()[i];
        double scale = switch (DemoClass.values()[cls]) {
            case ROAD, SIDEWALK -> 3.0;
            case BUILDING -> 1.5;
            case VEGETATION -> scene.upright()[i] >= 0 ? 12.0 : 2.0;
            case PERSON, CAR -> 10.0;
            default -> 0.5;
        };
        return valueNoise(scene.surfaceU()[i] * scale, scene.surfaceV()[i] * scale, seed * 31 + cls);
    }

    static double valueNoise(double x, double y, long seed) {
        long x0 = (long) Math.floor(x);
        long y0 = (long) Math.floor(y);
        double fx = smooth(x - x0);
        double fy = smooth(y - y0);
        double top = lerp(hash(x0, y0, seed), hash(x0 + 1, y0, seed), fx);
        double bottom = lerp(hash(x0, y0 + 1, seed), hash(x0 + 1, y0 + 1, seed), fx);
        return lerp(top, bottom, fy);
    }

    private static double hash(long x, long y, long seed) {
        return (new SplitMix64(seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL)).nextLong() >>> 11) * 0x1.0p-53;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double floorMod(double value, double period) {
        return value - period * Math.floor(value / period);
    }

    private static double[] scaled(double[] rgb, double factor) {
        return new double[] {rgb[0] * factor, rgb[1] * factor, rgb[2] * factor};
    }
}
