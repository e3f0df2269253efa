/**
 * Files the user gives, read into plain Java values.
 *
 * <p>{@link io.github.advent.entropy.io.Images} reads and writes images through OpenCV (colour as
 * RGB, palette PNGs as their indices through javax.imageio, 16-bit PNGs, one channel of a colour
 * file in file order) and {@link io.github.advent.entropy.io.Resampling} resizes them exactly as
 * PIL does (bicubic for images, nearest for labels), as ADVENT's loaders did. Every problem with a
 * user's file is a {@link io.github.advent.entropy.io.BadInputException}: one line naming the file
 * and the reason.
 */
package io.github.advent.entropy.io;
