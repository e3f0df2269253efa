/**
 * Image classification, the third adaptation task, in a module of its own that plugs into the shared machinery
 * through its SPIs alone ({@link io.github.advent.entropy.train.AdaptationTask} for the trainer and Tent,
 * {@link io.github.advent.entropy.data.DatasetReaders} for the dataset registry, the shared weight importer and
 * checkpoints):
 *
 * <ul>
 *   <li>{@code model}: torchvision's ResNet (ResNet-50 and narrow widths), its import and checkpoints;
 *   <li>{@link io.github.advent.classification.ClassificationTask}: one class distribution per image as a 1x1 map,
 *       so MinEnt's entropy and AdvEnt's discriminator (an MLP on the self-information vector) are the shared ones;
 *   <li>{@code data}: ImageFolder, Office-31 and VisDA-2017 as registry kinds;
 *   <li>{@link io.github.advent.classification.ClassificationScores}: top-1 and mean per-class accuracy.
 * </ul>
 *
 * <p>The PyTorch references of the tests are {@code src/test/resources/fixtures/make_classification_fixtures.py}.
 */
package io.github.advent.classification;
