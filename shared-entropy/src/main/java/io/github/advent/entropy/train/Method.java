package io.github.advent.entropy.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The training methods of ADVENT, by their command-line names. */
public enum Method {
    SOURCE_ONLY("source-only"),
    MINENT("minent"),
    ADVENT("advent");

    private final String cliName;

    Method(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Method parse(String name) {
        for (Method method : values()) {
            if (method.cliName.equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; known: "
                + Arrays.stream(values()).map(Method::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
