package io.github.advent.entropy.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The project's JSON writers. Gson escapes {@code = < > & '} as {@code \u003d} and the like by default
 * (for embedding in HTML); our files are read by people and by JSON parsers, so every writer starts here,
 * with that escaping off.
 */
public final class Json {
    /** One line, nulls omitted. */
    public static final Gson COMPACT = builder().create();
    /** Indented, nulls omitted. */
    public static final Gson PRETTY = builder().setPrettyPrinting().create();

    private Json() {}

    /** A builder for writers with other settings (nulls, NaN), HTML escaping already off. */
    public static GsonBuilder builder() {
        return new GsonBuilder().disableHtmlEscaping();
    }
}
