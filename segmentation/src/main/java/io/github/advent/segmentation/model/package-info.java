/**
 * DeepLab-V2 with a ResNet backbone and ADVENT's two classifier heads (ADVENT-SPEC section 2), and its
 * weights.
 *
 * <ul>
 *   <li>{@link io.github.advent.segmentation.model.DeepLabV2}: the network, a DJL block whose parameters
 *       carry PyTorch's state-dict keys; forward gives {@code NDList(main = layer6, aux = layer5)} logits at
 *       output stride 8; {@code parameterGroups()} gives the 1x backbone / 10x heads groups (BN excluded);
 *   <li>{@link io.github.advent.segmentation.model.DeepLabConfig} and
 *       {@link io.github.advent.segmentation.model.Depth}: ResNet-101/50 and the small ResNet-26/14 demo
 *       depths, a width divisor, the class count, and the architecture name stored in checkpoints;
 *   <li>{@link io.github.advent.segmentation.model.DeepLabWeights}: import of ADVENT checkpoints, the DeepLab
 *       ImageNet initialisation and torchvision ResNets (.pth zip or legacy, .npz, .safetensors), with a
 *       {@link io.github.advent.entropy.weights.WeightImport} report; advent checkpoints out and in.
 * </ul>
 *
 * <p>The PyTorch reference used by the tests is {@code src/test/resources/model/make_deeplab_fixture.py}.
 */
package io.github.advent.segmentation.model;
