package io.github.advent.tools.fog;

/**
 * The camera facts fog synthesis needs, from a Cityscapes {@code *_camera.json}: the stereo
 * {@code baseline} in metres, the focal lengths {@code fx}, {@code fy} and the principal point
 * ({@code u0}, {@code v0}) in pixels, the camera's {@code height} above the road in metres
 * ({@code extrinsic.z}) and its {@code pitch} in radians ({@code extrinsic.pitch}, positive: looking down).
 */
public record Camera(double baseline, double fx, double fy, double u0, double v0, double height, double pitch) {
    public Camera {
        if (!(baseline > 0) || !(fx > 0) || !(fy > 0) || !(height > 0) || !Double.isFinite(baseline)
                || !Double.isFinite(fx) || !Double.isFinite(fy) || !Double.isFinite(u0) || !Double.isFinite(v0)
                || !Double.isFinite(height) || !(Math.abs(pitch) < Math.PI / 4)) {
            throw new IllegalArgumentException("camera needs a positive baseline, focal lengths and height, a finite"
                    + " principal point and a pitch within 45 degrees, got " + baseline + ", " + fx + ", " + fy + ", "
                    + u0 + ", " + v0 + ", " + height + ", " + pitch);
        }
    }

    /**
     * Depth (metres along the optical axis) of the flat road seen at image row {@code y}, or +Infinity
     * at and above the horizon: the ray through row y descends by {@code (y - v0) / fy · cos(pitch) + sin(pitch)}
     * per metre of depth and meets the road {@code height} below the camera.
     */
    public double roadDepthAtRow(double y) {
        double descent = (y - v0) / fy * Math.cos(pitch) + Math.sin(pitch);
        return descent > 0 ? height / descent : Double.POSITIVE_INFINITY;
    }
}
