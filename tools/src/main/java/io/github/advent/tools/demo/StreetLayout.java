package io.github.advent.tools.demo;

import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * The 3-D content of one street scene, drawn from a seed: road and sidewalk widths, building
 * blocks along both sides, and upright objects (trees, poles, people, cars) standing on the ground.
 * Units are metres; x is lateral (right positive), z the distance along the street. The layout is
 * the same whatever the domain's look, so both domains share one scene distribution and differ only
 * in camera and appearance.
 */
public record StreetLayout(double roadHalfWidth, double sidewalkWidth, List<Block> blocks, List<Upright> uprights) {
    public static final double FAR = 140;

    /** A building block's street-facing facade at lateral offset {@code x} (sign = side) from z0 to z1. */
    public record Block(double x, double z0, double z1, double height, int tone) {}

    /** An object seen as a flat upright card facing the camera. */
    public record Upright(DemoClass kind, double x, double z, double width, double height, int tone) {}

    public static StreetLayout random(long seed) {
        SplitMix64 random = new SplitMix64(seed);
        double road = uniform(random, 3.5, 5.5);
        double sidewalk = uniform(random, 1.8, 3.2);
        List<Block> blocks = new ArrayList<>();
        List<Upright> uprights = new ArrayList<>();
        for (int side = -1; side <= 1; side += 2) {
            double z = uniform(random, 2, 8);
            while (z < FAR) {
                double length = uniform(random, 10, 30);
                double setback = random.nextDouble() < 0.3 ? uniform(random, 2, 6) : uniform(random, 0, 1);
                blocks.add(new Block(side * (road + sidewalk + setback), z, z + length, uniform(random, 7, 24),
                        random.nextInt(4)));
                z += length + (random.nextDouble() < 0.4 ? uniform(random, 3, 12) : 0);
            }
            addTrees(random, side, road, sidewalk, uprights);
            for (int i = random.nextInt(5); i > 0; i--) {
                uprights.add(new Upright(DemoClass.POLE, side * (road + 0.4), uniform(random, 5, 60), 0.18,
                        uniform(random, 5, 8), 0));
            }
            for (int i = random.nextInt(6); i > 0; i--) {
                uprights.add(new Upright(DemoClass.PERSON, side * (road + uniform(random, 0.4, sidewalk - 0.3)),
                        uniform(random, 4, 40), uniform(random, 0.5, 0.7), uniform(random, 1.55, 1.9), random.nextInt(4)));
            }
            for (int i = random.nextInt(4); i > 0; i--) { // parked along the kerb
                uprights.add(new Upright(DemoClass.CAR, side * (road - 1.1), uniform(random, 5, 60), uniform(random, 1.7, 2.0),
                        uniform(random, 1.4, 1.7), random.nextInt(6)));
            }
        }
        for (int i = random.nextInt(4); i > 0; i--) { // driving in the lanes
            double lane = random.nextDouble() < 0.5 ? -road / 2 : road / 2;
            uprights.add(new Upright(DemoClass.CAR, lane + uniform(random, -0.4, 0.4), uniform(random, 7, 70),
                    uniform(random, 1.7, 2.0), uniform(random, 1.4, 1.7), random.nextInt(6)));
        }
        return new StreetLayout(road, sidewalk, List.copyOf(blocks), List.copyOf(uprights));
    }

    private static void addTrees(SplitMix64 random, int side, double road, double sidewalk, List<Upright> uprights) {
        double z = uniform(random, 4, 15);
        while (z < 80) {
            if (random.nextDouble() < 0.5) {
                uprights.add(new Upright(DemoClass.VEGETATION, side * (road + sidewalk - 0.5), z, uniform(random, 2.5, 4.5),
                        uniform(random, 5, 9), random.nextInt(3)));
            }
            z += uniform(random, 8, 20);
        }
    }

    static double uniform(SplitMix64 random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
