package io.github.advent.tools;

import io.github.advent.entropy.train.Method;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The closed sets of names the command line accepts besides datasets, and their picocli
 * converters. A wrong name is a usage error whose message lists the known names.
 */
public final class Choices {
    private Choices() {}

    /** Network architectures that weights can be imported for and benchmarks can run. */
    public enum Arch {
        DEEPLABV2_RESNET101("deeplabv2-resnet101", new ImageSize(1024, 512)),
        SSD300_VGG16("ssd300-vgg16", new ImageSize(300, 300)),
        /** The ImageNet VGG-16 backbone only (initialises SSD-300); no head, so nothing to train or bench. */
        VGG16("vgg16", null);

        private final String cliName;
        private final ImageSize nativeSize;

        Arch(String cliName, ImageSize nativeSize) {
            this.cliName = cliName;
            this.nativeSize = nativeSize;
        }

        public String cliName() {
            return cliName;
        }

        /** The input size the paper uses for this network, {@code null} for a bare backbone. */
        public ImageSize nativeSize() {
            return nativeSize;
        }

        public static Arch parse(String name) {
            return Choices.parse(name, values(), Arch::cliName, "architecture");
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** Where tensors live. Left out on the command line: the GPU when one is available, else the CPU. */
    public enum DeviceChoice {
        CPU("cpu"),
        GPU("gpu");

        private final String cliName;

        DeviceChoice(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static DeviceChoice parse(String name) {
            return Choices.parse(name, values(), DeviceChoice::cliName, "device");
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** Detection average precision protocols (see docs EVAL-PROTOCOLS.md). */
    public enum Metric {
        /** PASCAL VOC 2007: 11-point interpolated AP at IoU 0.5 (the paper's mAP@0.5). */
        VOC07("voc07"),
        /** PASCAL VOC 2010+: all-point interpolated AP at IoU 0.5. */
        VOC("voc"),
        /** COCO-style AP at IoU 0.5 (101-point). */
        COCO50("coco50");

        private final String cliName;

        Metric(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Metric parse(String name) {
            return Choices.parse(name, values(), Metric::cliName, "metric");
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    static <E extends Enum<E>> E parse(String name, E[] values, Function<E, String> cliName, String what) {
        for (E value : values) {
            if (cliName.apply(value).equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: "
                + Arrays.stream(values).map(cliName).collect(Collectors.joining(", ")));
    }

    /** Wraps a parser's {@link IllegalArgumentException} so picocli reports it as a usage error. */
    static <T> T convert(Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    public static final class MethodConverter implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            return Choices.convert(Method::parse, value);
        }
    }

    public static final class ArchConverter implements ITypeConverter<Arch> {
        @Override
        public Arch convert(String value) {
            return Choices.convert(Arch::parse, value);
        }
    }

    public static final class DeviceConverter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return Choices.convert(DeviceChoice::parse, value);
        }
    }

    public static final class MetricConverter implements ITypeConverter<Metric> {
        @Override
        public Metric convert(String value) {
            return Choices.convert(Metric::parse, value);
        }
    }

    /** The fog coefficient of {@code advent fog}: one of 0.005, 0.01, 0.02, kept as written in file names. */
    public static final class FogBetaConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Choices.convert(DatasetKind::fogBeta, value);
        }
    }
}
