package io.github.advent.tools;

/**
 * The {@code --spark} commands in Spark's local mode ({@code local[2]}: two executor threads, the job's items cut into
 * four slices, each serialised and run apart).
 */
class SparkCommandsTest extends SparkCommandsCases {
    @Override
    String master() {
        return "local[2]";
    }
}
