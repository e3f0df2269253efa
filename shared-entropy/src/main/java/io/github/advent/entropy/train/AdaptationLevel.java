package io.github.advent.entropy.train;

/**
 * One output of a task at which adaptation acts (DeepLab: the main and the auxiliary head; SSD:
 * each source feature map).
 *
 * @param name short name used in logs and checkpoints ("main", "aux", "conv4_3", …)
 * @param classes K, the classes of one softmax group
 * @param groups G, the groups of the map (1 for segmentation; the default boxes per cell for SSD)
 * @param lambdaEntropy weight of this level's entropy loss in MinEnt
 * @param lambdaAdversarial weight of this level's adversarial loss in AdvEnt
 * @param discriminated whether AdvEnt trains a discriminator on this level
 * @param minMapSide the smaller spatial side of this level's map during training, so that the
 *     discriminator only halves the map as often as it can
 */
public record AdaptationLevel(
        String name,
        int classes,
        int groups,
        double lambdaEntropy,
        double lambdaAdversarial,
        boolean discriminated,
        int minMapSide) {
    public AdaptationLevel {
        if (classes < 2 || groups < 1 || minMapSide < 1) {
            throw new IllegalArgumentException("level '" + name + "': classes >= 2, groups >= 1 and map side >= 1 required");
        }
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("level name must be letters, digits or '_': '" + name + "'");
        }
    }

    /** Channels of this level's probability and self-information maps: G·K. */
    public int channels() {
        return classes * groups;
    }

    public AdaptationLevel withLambdas(double entropy, double adversarial) {
        return new AdaptationLevel(name, classes, groups, entropy, adversarial, discriminated, minMapSide);
    }
}
