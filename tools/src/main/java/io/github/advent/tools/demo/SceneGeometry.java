package io.github.advent.tools.demo;

/**
 * What the camera sees at each pixel of one scene, before any appearance: the class, the distance
 * to the camera (metres, along the ray), the surface coordinates (metres on ground and facades, the
 * card's relative coordinates on upright objects) for textures, a tone index (which building colour,
 * which car paint) and the upright object's index ({@code -1} for ground, facades and sky).
 */
public record SceneGeometry(int width, int height, int[] classes, float[] distance, float[] surfaceU, float[] surfaceV,
        int[] tone, int[] upright) {

    public int pixels() {
        return width * height;
    }
}
