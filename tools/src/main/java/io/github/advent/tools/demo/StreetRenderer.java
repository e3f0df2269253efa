package io.github.advent.tools.demo;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Casts one ray per pixel into a {@link StreetLayout}: the road plane, the facades (and the block
 * ends facing the camera) and the sky; then paints the upright objects far to near with a depth
 * test, each as a simple silhouette on its card (a person's head, torso and legs; a car's body and
 * cabin; a tree's crown and trunk; a pole).
 */
public final class StreetRenderer {
    static final float SKY_DISTANCE = 1000f;

    private StreetRenderer() {}

    public static SceneGeometry render(StreetLayout layout, Camera camera, int width, int height) {
        int n = width * height;
        int[] classes = new int[n];
        float[] distance = new float[n];
        float[] surfaceU = new float[n];
        float[] surfaceV = new float[n];
        int[] tone = new int[n];
        int[] upright = new int[n];
        double[] depth = new double[n]; // z along the street, for the depth test
        Arrays.fill(upright, -1);
        double f = camera.focalFraction() * width;
        double u0 = width / 2.0;
        double v0 = camera.horizonFraction() * height;
        double h = camera.heightMetres();
        for (int y = 0; y < height; y++) {
            double dy = (y + 0.5 - v0) / f;
            for (int x = 0; x < width; x++) {
                double dx = (x + 0.5 - u0) / f;
                int i = y * width + x;
                double z = Double.POSITIVE_INFINITY;
                int cls = DemoClass.SKY.ordinal();
                double su = dx;
                double sv = dy;
                int t = 0;
                if (dy > 0 && h / dy < StreetLayout.FAR * 1.5) {
                    z = h / dy;
                    double lateral = Math.abs(dx * z);
                    cls = (lateral < layout.roadHalfWidth() ? DemoClass.ROAD
                            : lateral < layout.roadHalfWidth() + layout.sidewalkWidth() ? DemoClass.SIDEWALK
                            : DemoClass.VEGETATION).ordinal(); // a grass verge behind the sidewalk
                    su = dx * z;
                    sv = z;
                }
                for (StreetLayout.Block block : layout.blocks()) {
                    if (dx == 0 || Math.signum(dx) != Math.signum(block.x())) {
                        continue;
                    }
                    double facadeZ = block.x() / dx; // the street-facing facade plane
                    if (facadeZ >= block.z0() && facadeZ < block.z1() && facadeZ < z) {
                        double above = h - dy * facadeZ;
                        if (above >= 0 && above <= block.height()) {
                            z = facadeZ;
                            cls = DemoClass.BUILDING.ordinal();
                            su = facadeZ;
                            sv = above;
                            t = block.tone();
                        }
                    }
                    double endLateral = dx * block.z0(); // the block's end wall facing the camera
                    if (block.z0() < z && Math.abs(endLateral) >= Math.abs(block.x())) {
                        double above = h - dy * block.z0();
                        if (above >= 0 && above <= block.height()) {
                            z = block.z0();
                            cls = DemoClass.BUILDING.ordinal();
                            su = Math.abs(endLateral);
                            sv = above;
                            t = block.tone();
                        }
                    }
                }
                classes[i] = cls;
                depth[i] = z;
                distance[i] = Double.isInfinite(z) ? SKY_DISTANCE : (float) (z * Math.sqrt(1 + dx * dx + dy * dy));
                surfaceU[i] = (float) su;
                surfaceV[i] = (float) sv;
                tone[i] = t;
            }
        }
        List<StreetLayout.Upright> uprights = layout.uprights();
        Integer[] order = new Integer[uprights.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -uprights.get(k).z()));
        for (int k : order) {
            StreetLayout.Upright object = uprights.get(k);
            double left = u0 + f * (object.x() - object.width() / 2) / object.z();
            double right = u0 + f * (object.x() + object.width() / 2) / object.z();
            if (right - left < 1) { // thin poles stay one pixel wide
                double centre = (left + right) / 2;
                left = centre - 0.5;
                right = centre + 0.5;
            }
            double bottom = v0 + f * h / object.z();
            double top = v0 + f * (h - object.height()) / object.z();
            int x0 = Math.max(0, (int) Math.floor(left));
            int x1 = Math.min(width, (int) Math.ceil(right));
            int y0 = Math.max(0, (int) Math.floor(top));
            int y1 = Math.min(height, (int) Math.ceil(bottom));
            double rayFactor = Math.sqrt(1 + Math.pow((object.x()) / object.z(), 2));
            for (int y = y0; y < y1; y++) {
                double b = (y + 0.5 - top) / (bottom - top);
                for (int x = x0; x < x1; x++) {
                    double a = (x + 0.5 - left) / (right - left);
                    int i = y * width + x;
                    if (a < 0 || a >= 1 || b < 0 || b >= 1 || object.z() >= depth[i] || !inside(object.kind(), a, b)) {
                        continue;
                    }
                    depth[i] = object.z();
                    classes[i] = object.kind().ordinal();
                    distance[i] = (float) (object.z() * rayFactor);
                    surfaceU[i] = (float) a;
                    surfaceV[i] = (float) b;
                    tone[i] = object.tone();
                    upright[i] = k;
                }
            }
        }
        return new SceneGeometry(width, height, classes, distance, surfaceU, surfaceV, tone, upright);
    }

    /** The silhouette of each kind of object on its card, a and b in [0, 1) from the top-left. */
    static boolean inside(DemoClass kind, double a, double b) {
        return switch (kind) {
            case PERSON -> b < 0.16 ? Math.abs(a - 0.5) < 0.2
                    : b < 0.58 || Math.abs(a - 0.3) < 0.16 || Math.abs(a - 0.7) < 0.16;
            case CAR -> b >= 0.4 || Math.abs(a - 0.5) < 0.36;
            case VEGETATION -> inCrown(a, b) || (b >= 0.5 && Math.abs(a - 0.5) < 0.07);
            default -> true;
        };
    }

    /** A tree's crown: an ellipse in the card's upper part (the rest of a tree is its trunk). */
    static boolean inCrown(double a, double b) {
        return square((a - 0.5) / 0.5) + square((b - 0.36) / 0.36) < 1;
    }

    private static double square(double v) {
        return v * v;
    }
}
