package io.github.advent.entropy.checkpoint;

/** What a checkpoint's network is: the architecture name and the number of classes it predicts. */
public record ModelIdentity(String architecture, int numClasses) {
    @Override
    public String toString() {
        return "'" + architecture + "' with " + numClasses + " classes";
    }
}
