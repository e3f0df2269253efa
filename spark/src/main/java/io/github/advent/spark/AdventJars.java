package io.github.advent.spark;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars a cluster's executors need from this class path (for a {@code --spark} master that is not local, without
 * spark-submit): advent's own and their dependencies, the natives included, but not Apache Spark's, which the cluster
 * has (a second copy of Spark on the executors' class path would clash with theirs).
 */
final class AdventJars {
    private AdventJars() {}

    /** The class path's jars less Spark's own (and the Scala, Hadoop and Jetty runtime that came with it). */
    static List<String> onClassPath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (entry.endsWith(".jar") && !isSparksOwn(name)) {
                jars.add(new File(entry).getAbsoluteFile().toURI().toString());
            }
        }
        return jars;
    }

    static boolean isSparksOwn(String jarName) {
        return jarName.startsWith("spark-") || jarName.startsWith("scala-") || jarName.startsWith("hadoop-")
                || jarName.startsWith("jetty-") || jarName.startsWith("jersey-") || jarName.startsWith("log4j-");
    }
}
