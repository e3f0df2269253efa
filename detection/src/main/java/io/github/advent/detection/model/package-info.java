/**
 * SSD-300 with a VGG-16 backbone (ADVENT-SPEC section 9) and its weights.
 *
 * <ul>
 *   <li>{@link io.github.advent.detection.model.Ssd300}: the network, a DJL block whose parameters carry
 *       ssd.pytorch's state-dict keys; forward gives the six confidence maps {@code N x (G·K) x H x W}, then the six
 *       regression maps; helpers flatten them to {@code N x 8732 x K} / {@code N x 8732 x 4} in default-box order;
 *       one parameter group (no batch norm);
 *   <li>{@link io.github.advent.detection.model.SsdConfig}: width divisor (1 … 32) and class count (9 = Cityscapes'
 *       8 + background by default); architecture names {@code ssd300-vgg16} and {@code ssd300-vgg16-w<width>};
 *   <li>{@link io.github.advent.detection.model.SsdWeights}: import of whole ssd.pytorch checkpoints, ssd.pytorch's
 *       {@code vgg16_reducedfc.pth} and torchvision's VGG-16 (fc6 / fc7 decimated into conv6 / conv7), with a
 *       {@link io.github.advent.entropy.weights.WeightImport} report; advent checkpoints out and in.
 * </ul>
 *
 * <p>The PyTorch reference used by the tests is {@code src/test/resources/model/make_ssd_fixture.py}.
 */
package io.github.advent.detection.model;
