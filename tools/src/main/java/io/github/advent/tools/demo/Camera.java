package io.github.advent.tools.demo;

/**
 * A pinhole camera looking straight down the street, for images {@code width x height}.
 *
 * @param heightMetres the camera's height above the road
 * @param horizonFraction the horizon's row as a fraction of the image height
 * @param focalFraction the focal length as a fraction of the image width (larger: narrower field of view)
 */
public record Camera(double heightMetres, double horizonFraction, double focalFraction) {
    public Camera {
        if (heightMetres <= 0 || horizonFraction <= 0 || horizonFraction >= 1 || focalFraction <= 0) {
            throw new IllegalArgumentException("bad camera " + heightMetres + " m, horizon " + horizonFraction
                    + ", focal " + focalFraction);
        }
    }
}
