package io.github.advent.detection.model;

import ai.djl.nn.Parameter;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.weights.KeyMap;
import io.github.advent.entropy.weights.KeyMismatch;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightImporter;
import io.github.advent.entropy.weights.WeightLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSD-300's part of a weight import ({@link SsdWeights} documents the layouts): the layout of a file's keys,
 * each file key's network key, torchvision's fc6 / fc7 turned into conv6 / conv7, and confidence heads of
 * another class count mapped through a {@link HeadClassMap}.
 *
 * @param config the network (null: only for telling a layout)
 * @param classMap the rows of the file's confidence heads to copy into each network class (null: none)
 */
record SsdKeyMap(SsdConfig config, HeadClassMap classMap) implements KeyMap {
    private static final Set<String> ROOTS =
            Set.of("vgg", "L2Norm", "extras", "loc", "conf", "features", "classifier", "backbone", "head");
    private static final Pattern VGG_INDEX = Pattern.compile("(\\d+)\\.(weight|bias)");
    private static final Pattern TORCHVISION = Pattern.compile("(features|classifier)\\.(\\d+)\\.(weight|bias)");

    /** A layer index ({@code 0.weight} in vgg16_reducedfc) is a root too. */
    @Override
    public boolean isRoot(String firstComponent) {
        return ROOTS.contains(firstComponent) || Character.isDigit(firstComponent.charAt(0));
    }

    @Override
    public WeightLayout layoutOf(Collection<String> plainKeys) {
        boolean indices = false;
        for (String key : plainKeys) {
            if (key.startsWith("backbone.") || key.startsWith("head.")) {
                return SsdWeights.Layout.TORCHVISION_SSD;
            }
        }
        for (String key : plainKeys) {
            if (key.startsWith("features.") || key.startsWith("classifier.")) {
                return SsdWeights.Layout.TORCHVISION_VGG16;
            }
            indices |= !key.isEmpty() && Character.isDigit(key.charAt(0));
        }
        return indices ? SsdWeights.Layout.REDUCED_FC : SsdWeights.Layout.SSD_PYTORCH;
    }

    /** A whole SSD trained with one convention does not go into a network of another (its boxes would be wrong). */
    @Override
    public void check(Path file, WeightLayout layout) {
        SsdWeights.Layout ssd = (SsdWeights.Layout) layout;
        SsdWeights.convention(ssd).filter(c -> c != config.convention()).ifPresent(c -> {
            throw new BadInputException(file, "holds a " + ssd.description() + ", whose weights expect "
                    + c.displayName() + "'s default boxes and input;"
                    + " the network '" + config.architecture() + "' uses the other conventions (use '"
                    + config.withConvention(c).architecture() + "')");
        });
    }

    @Override
    public Target map(WeightLayout layout, String plain, TensorData tensor, Map<String, Parameter> model) {
        String key = plain;
        if (layout == SsdWeights.Layout.REDUCED_FC) {
            key = VGG_INDEX.matcher(plain).matches() ? "vgg." + plain : null;
        } else if (layout == SsdWeights.Layout.TORCHVISION_SSD) {
            key = SsdWeights.torchvisionKey(plain);
        } else if (layout == SsdWeights.Layout.TORCHVISION_VGG16) {
            Matcher m = TORCHVISION.matcher(plain);
            if (!m.matches()) {
                return Target.unexpected();
            }
            if (m.group(1).equals("features")) {
                key = "vgg." + m.group(2) + "." + m.group(3);
            } else {
                return classifier(Integer.parseInt(m.group(2)), m.group(3), plain, tensor, model);
            }
        }
        if (key == null) {
            return Target.unexpected();
        }
        if (((SsdWeights.Layout) layout).isWholeNetwork() && classMap != null && key.startsWith("conf.")
                && WeightImporter.isFloat(tensor) && tensor.shape().length > 0
                && tensor.shape()[0] % classMap.sourceClasses() == 0) {
            return Target.mapped(key, SsdWeights.selectClasses(tensor, classMap));
        }
        return Target.copy(key, tensor);
    }

    /** torchvision VGG-16's classifier: fc6 (layer 0) and fc7 (3) become conv6 and conv7, the ImageNet fc8 (6) is skipped. */
    private static Target classifier(int layer, String part, String plain, TensorData tensor, Map<String, Parameter> model) {
        if (layer == 6) {
            return Target.ignored();
        }
        String key = layer == 0 ? "vgg." + Ssd300.CONV6_INDEX + "." + part
                : layer == 3 ? "vgg." + Ssd300.CONV7_INDEX + "." + part : null;
        if (key == null || !model.containsKey(key) || !WeightImporter.isFloat(tensor)) {
            return key == null ? Target.unexpected() : Target.copy(key, tensor);
        }
        long[] target = model.get(key).getShape().getShape();
        TensorData reduced = layer == 0 ? SsdWeights.fc6ToConv6(tensor, target) : SsdWeights.fc7ToConv7(tensor, target);
        if (reduced == null) {
            return Target.misShaped(new KeyMismatch(key, WeightImporter.describe(tensor) + " (" + plain + ")",
                    "float32 " + Arrays.toString(SsdWeights.fcShape(layer, target)) + " (to convert to "
                            + Arrays.toString(target) + ")"));
        }
        return Target.converted(key, reduced);
    }

    /** A VGG-16 backbone file leaves L2Norm, the extras and the heads at their initialisation. */
    @Override
    public boolean keepsInitialisation(WeightLayout layout, String networkKey) {
        return !((SsdWeights.Layout) layout).isWholeNetwork() && !networkKey.startsWith("vgg.");
    }

    @Override
    public WeightLayout checkpointLayout() {
        return SsdWeights.Layout.CHECKPOINT;
    }

    @Override
    public String describeNetwork() {
        return "SSD '" + config.architecture() + "' with " + config.numClasses() + " classes";
    }

    @Override
    public String mappingDescription() {
        return classMap == null ? "" : "confidence heads mapped " + classMap.description();
    }
}
