package io.github.advent.tools.fog;

/**
 * The camera facts fog synthesis needs, from a Cityscapes {@code *_camera.json}: the stereo
 * {@code baseline} in metres, the focal lengths {@code fx}, {@code fy} and the principal point
 * ({@code u0}, {@code v0}) in pixels.
 */
public record Camera(double baseline, double fx, double fy, double u0, double v0) {
    public Camera {
        if (!(baseline > 0) || !(fx > 0) || !(fy > 0) || !Double.isFinite(baseline) || !Double.isFinite(fx)
                || !Double.isFinite(fy) || !Double.isFinite(u0) || !Double.isFinite(v0)) {
            throw new IllegalArgumentException("camera needs a positive baseline and focal lengths and a finite"
                    + " principal point, got " + baseline + ", " + fx + ", " + fy + ", " + u0 + ", " + v0);
        }
    }
}
