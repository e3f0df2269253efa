package io.github.advent.tools.fog;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Cityscapes disparity to the distance light travels through the fog, per pixel:
 * <ul>
 *   <li>a 16-bit disparity PNG stores {@code v}: disparity {@code d = (v - 1) / 256} pixels, {@code v = 0}
 *       means invalid (no stereo match);
 *   <li>depth {@code z = baseline * fx / d} metres; {@code v = 1} ({@code d = 0}) is a valid match at
 *       infinity (depth {@code +Infinity}, transmittance 0), as in Sakaridis et al.;
 *   <li>the left band the right camera does not see is treated as invalid, invalid pixels take the depth
 *       of the nearest valid pixel ({@link NearestValidFill}: the nearest-neighbour inpainting of
 *       Sakaridis et al., simpler than their superpixel planes), and nothing below the horizon is
 *       farther than the road at its row ({@link DepthRepair});
 *   <li>distance to the camera centre {@code l = z * sqrt(fx^2 + (x - u0)^2 + (y - v0)^2) / fx}, with
 *       pixel centres at integer coordinates {@code x, y} counted from 0.
 * </ul>
 */
public final class DisparityDepth {
    private DisparityDepth() {}

    /**
     * Reads {@code disparityFile} and returns the distance map for an image of
     * {@code width x height}; a disparity of another size, an 8-bit file or one without a single
     * valid pixel is bad input.
     */
    public static float[] readDistanceMetres(Path disparityFile, Camera camera, int width, int height) {
        IntImage disparity = Images.readGrey(disparityFile);
        if (disparity.width() != width || disparity.height() != height) {
            throw new BadInputException(disparityFile, "disparity is " + disparity.width() + "x" + disparity.height()
                    + ", its image is " + width + "x" + height);
        }
        if (disparity.bitDepth() != 16) {
            throw new BadInputException(disparityFile, disparity.bitDepth()
                    + "-bit image: a Cityscapes disparity map is 16-bit");
        }
        if (Arrays.stream(disparity.values()).allMatch(v -> v == 0)) {
            throw new BadInputException(disparityFile, "no valid disparity: every pixel is 0");
        }
        float[] depth;
        try {
            depth = depthMetres(disparity, camera);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(disparityFile, "no valid disparity outside the left band the right camera does"
                    + " not see");
        }
        return distanceMetres(depth, width, height, camera);
    }

    /**
     * Depth in metres from stored disparity values, repaired ({@link DepthRepair}) and with invalid pixels
     * filled from the nearest valid one; throws {@link IllegalArgumentException} when no pixel is valid.
     */
    public static float[] depthMetres(IntImage disparity, Camera camera) {
        int[] stored = disparity.values();
        float[] depth = new float[stored.length];
        boolean[] valid = new boolean[stored.length];
        double scale = camera.baseline() * camera.fx() * 256.0;
        for (int i = 0; i < stored.length; i++) {
            int v = stored[i];
            valid[i] = v != 0;
            depth[i] = v == 0 ? Float.NaN : v == 1 ? Float.POSITIVE_INFINITY : (float) (scale / (v - 1));
        }
        int band = DepthRepair.unseenLeftBand(stored, disparity.width(), disparity.height());
        for (int i = 0; i < stored.length; i++) {
            if (i % disparity.width() < band) {
                valid[i] = false;
            }
        }
        NearestValidFill.fill(depth, valid, disparity.width(), disparity.height());
        DepthRepair.capAtRoad(depth, disparity.width(), disparity.height(), camera);
        return depth;
    }

    /** Distance to the camera centre along each pixel's ray, from its depth (see the class comment). */
    public static float[] distanceMetres(float[] depthMetres, int width, int height, Camera camera) {
        if (depthMetres.length != (long) width * height) {
            throw new IllegalArgumentException(depthMetres.length + " depths for " + width + "x" + height);
        }
        double fx = camera.fx();
        double[] dx2 = new double[width];
        for (int x = 0; x < width; x++) {
            dx2[x] = (x - camera.u0()) * (x - camera.u0());
        }
        float[] distance = new float[depthMetres.length];
        for (int y = 0; y < height; y++) {
            double base = fx * fx + (y - camera.v0()) * (y - camera.v0());
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                distance[i] = (float) (depthMetres[i] * Math.sqrt(base + dx2[x]) / fx);
            }
        }
        return distance;
    }
}
