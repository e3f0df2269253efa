package io.github.advent.tools.demo;

/**
 * How one domain looks: its camera, its colours and the degradations of its images.
 *
 * @param classRgb base colour of each {@link DemoClass} (0-255)
 * @param buildingTones colour factors of the 4 building tones
 * @param carPaints colours of the 6 car paints; {@code clothes} those of the 4 clothing tones
 * @param colourJitter per scene, each class's colour is scaled by a factor drawn from [1 - j, 1 + j]
 *     (lighting and material vary between scenes, so no class is one exact colour)
 * @param texture strength of the multiplicative surface texture (0 = flat shading)
 * @param lightRgb per-channel gain of the scene light (colour cast and brightness)
 * @param fogBeta fog attenuation per metre (0 = clear), applied with the scene's own distances
 * @param atmosphereRgb the fog's atmospheric light
 * @param blurSigma Gaussian blur of the optics, in pixels (0 = sharp)
 * @param noiseSigma sensor noise, grey levels
 */
public record DomainStyle(String name, Camera camera, double[][] classRgb, double[][] buildingTones, double[][] carPaints,
        double[][] clothes, double colourJitter, double texture, double[] lightRgb, double fogBeta, double[] atmosphereRgb, double blurSigma,
        double noiseSigma) {

    /** The labelled source domain: a game-like look, flat shading, clean edges, a fixed camera. */
    public static DomainStyle synthetic() {
        return new DomainStyle("synthetic", new Camera(1.6, 0.45, 0.75),
                new double[][] {
                    {96, 96, 110}, {196, 160, 170}, {150, 120, 100}, {110, 110, 120},
                    {50, 170, 60}, {110, 170, 250}, {230, 60, 60}, {40, 90, 220}},
                new double[][] {{1, 1, 1}, {0.85, 0.9, 1.05}, {1.1, 1.0, 0.85}, {0.75, 0.75, 0.8}},
                new double[][] {{40, 90, 220}, {220, 40, 40}, {240, 200, 40}, {235, 235, 235}, {40, 40, 45}, {40, 170, 90}},
                new double[][] {{230, 60, 60}, {250, 140, 30}, {90, 60, 200}, {60, 200, 200}},
                0.12, 0.0, new double[] {1, 1, 1}, 0, new double[] {255, 255, 255}, 0, 0);
    }

    /**
     * The unlabelled target domain: another palette and light, textured surfaces, a lower camera with
     * a wider lens, optical blur, sensor noise and fog over the scene's own depth.
     */
    public static DomainStyle realistic() {
        return new DomainStyle("realistic", new Camera(1.3, 0.5, 0.65),
                new double[][] {
                    {75, 78, 82}, {165, 148, 148}, {120, 105, 95}, {90, 95, 100},
                    {62, 132, 46}, {185, 195, 210}, {150, 50, 55}, {60, 75, 120}},
                new double[][] {{1, 1, 1}, {0.8, 0.82, 0.9}, {1.15, 1.05, 0.95}, {0.7, 0.7, 0.72}},
                new double[][] {{60, 75, 120}, {140, 40, 40}, {170, 170, 175}, {30, 30, 32}, {200, 200, 205}, {80, 95, 80}},
                new double[][] {{150, 50, 55}, {50, 50, 60}, {120, 100, 80}, {70, 90, 120}},
                0.12, 0.25, new double[] {1.05, 1.0, 0.9}, 0.012, new double[] {205, 208, 212}, 0.7, 5);
    }

    /** Fog attenuation of the {@link #fog()} target: Foggy Cityscapes' β = 0.02 per metre (visibility 150 m), ADVENT's. */
    public static final double FOG_BETA = 0.02;

    /**
     * The detection demo's main target: the source domain itself (same look, same camera) under fog computed from each
     * scene's own depth with {@code advent fog}'s optical model, at Foggy Cityscapes' β. It is the synthetic analogue of
     * Cityscapes → Foggy Cityscapes, the shift ADVENT measures detection on.
     */
    public static DomainStyle fog() {
        DomainStyle s = synthetic();
        return new DomainStyle("fog", s.camera(), s.classRgb(), s.buildingTones(), s.carPaints(), s.clothes(),
                s.colourJitter(), s.texture(), s.lightRgb(), FOG_BETA, realistic().atmosphereRgb(), s.blurSigma(),
                s.noiseSigma());
    }

    /**
     * A target that keeps the source's palette and camera and has only the realistic domain's degradations
     * (texture, light, fog, blur, noise): a shift of look alone, the kind entropy minimisation addresses (a
     * developer's lever, {@code advent demo --target-look source-palette}; issue 11's detection experiments).
     */
    public static DomainStyle sourcePalette() {
        DomainStyle s = synthetic();
        DomainStyle r = realistic();
        return new DomainStyle("source-palette", s.camera(), s.classRgb(), s.buildingTones(), s.carPaints(), s.clothes(),
                s.colourJitter(), r.texture(), r.lightRgb(), r.fogBeta(), r.atmosphereRgb(), r.blurSigma(), r.noiseSigma());
    }

    /** The target domain of that name: {@code realistic} (the demo's) or {@code source-palette}. */
    public static DomainStyle target(String look) {
        return switch (look) {
            case "realistic" -> realistic();
            case "source-palette" -> sourcePalette();
            default -> throw new IllegalArgumentException("unknown target look '" + look + "'; known: realistic, source-palette");
        };
    }

    public DomainStyle withFogBeta(double beta) {
        return new DomainStyle(name, camera, classRgb, buildingTones, carPaints, clothes, colourJitter, texture, lightRgb, beta,
                atmosphereRgb, blurSigma, noiseSigma);
    }
}
