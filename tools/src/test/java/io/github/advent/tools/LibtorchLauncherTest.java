package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.tools.LauncherShell.Run;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU path of the launcher without a GPU: ADVENT_LIBTORCH's checks and messages (tools/launcher/libtorch.sh), the
 * flavour and class path it gives DJL, and DJL 0.36 loading a libtorch folder that way, offline, with the CPU natives
 * off the class path (a CPU libtorch dressed as a CUDA one, run with PYTORCH_FLAVOR=cpu).
 */
class LibtorchLauncherTest {
    static final Path ROOT = LauncherShell.ROOT;

    @TempDir
    Path dir;

    private static Run bash(String script, Map<String, String> env) throws IOException, InterruptedException {
        return LauncherShell.bash("libtorch.sh", script, env);
    }

    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return LauncherShell.run(env, command);
    }

    private static Run check(Path folder) throws IOException, InterruptedException {
        return bash("advent_libtorch_check '" + folder + "'", Map.of());
    }

    @Test
    void eachMissingPieceIsOneLineNamingIt() throws Exception {
        Run none = check(dir.resolve("nope"));
        assertEquals(1, none.code());
        assertEquals("advent: ADVENT_LIBTORCH=" + dir.resolve("nope") + ": no such folder (give the lib/ folder of a CUDA"
                + " libtorch 2.7.1, e.g. torch/lib of a pip-installed torch 2.7.1+cu128)\n", none.out());
        Path lib = Files.createDirectories(dir.resolve("torch/lib"));
        assertTrue(check(lib).out().contains(": no libtorch.so in this folder"), check(lib)::toString);
        Files.createFile(lib.resolve("libtorch.so"));
        assertTrue(check(lib).out().contains(": no libtorch_cuda.so in this folder: a CPU-only libtorch"));
        Files.createFile(lib.resolve("libtorch_cuda.so"));
        assertEquals(new Run(0, "", ""), check(lib), "no version file: accepted");
        Files.writeString(dir.resolve("torch/version.py"), "__version__ = '2.6.0+cu124'\ndebug = False\n");
        Run old = check(lib);
        assertEquals(1, old.code());
        assertTrue(old.out().contains(" is libtorch 2.6.0+cu124; DJL 0.36 runs libtorch 2.7.1 only"), old::toString);
        Files.writeString(dir.resolve("torch/version.py"), "__version__ = '2.7.1+cu128'\n");
        assertEquals(0, check(lib).code());
        Files.delete(dir.resolve("torch/version.py"));
        Files.writeString(dir.resolve("torch/build-version"), "2.7.1+cu126\n");
        assertEquals(0, check(lib).code(), "a libtorch archive's build-version");
    }

    @Test
    void theLauncherRefusesABadFolderBeforeBuildingAnything() throws Exception {
        Run r = run(Map.of("ADVENT_LIBTORCH", dir.resolve("nope").toString()), "bash", ROOT.resolve("advent").toString(),
                "engine");
        assertEquals(1, r.code(), r::toString);
        assertEquals("advent: ADVENT_LIBTORCH=" + dir.resolve("nope") + ": no such folder (give the lib/ folder of a"
                + " CUDA libtorch 2.7.1, e.g. torch/lib of a pip-installed torch 2.7.1+cu128)", r.err().strip());
    }

    @Test
    void djlIsToldTheFolderTheVersionAndTheCuda128FlavourUnlessAnotherIsGiven() throws Exception {
        String print = "advent_use_libtorch /opt/torch/lib; echo \"$PYTORCH_LIBRARY_PATH $PYTORCH_VERSION $PYTORCH_FLAVOR\"";
        assertEquals("/opt/torch/lib 2.7.1 cu128\n", bash(print, Map.of()).out());
        assertEquals("/opt/torch/lib 2.7.1 cu126\n", bash(print, Map.of("PYTORCH_FLAVOR", "cu126")).out());
        Path lib = Files.createDirectories(dir.resolve("tools/target/lib"));
        for (String jar : List.of("api-0.36.0.jar", "pytorch-jni-2.7.1-0.36.0.jar", "pytorch-native-cpu-2.7.1-linux-x86_64.jar")) {
            Files.createFile(lib.resolve(jar));
        }
        String cp = bash("advent_class_path '" + dir + "'", Map.of()).out().strip();
        assertEquals(List.of(dir + "/tools/target/classes", lib + "/api-0.36.0.jar", lib + "/pytorch-jni-2.7.1-0.36.0.jar"),
                List.of(cp.split(":")));
    }

    /**
     * What the launcher sets makes DJL load the given folder, offline, from a class path without the CPU natives; and
     * why it sets the flavour: with PYTORCH_LIBRARY_PATH alone DJL looks for a "-precxx11" JNI that no jar carries.
     */
    @Test
    void djlLoadsTheGivenFolderOfflineWithTheCpuNativesOffTheClassPath() throws Exception {
        Engine.getEngine("PyTorch"); // the test JVM's own libtorch: its files make the stand-in folder
        Path loaded = Path.of(LibUtils.getLibtorchPath());
        Path fake = Files.createDirectories(dir.resolve("libtorch/lib"));
        try (Stream<Path> files = Files.list(loaded)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().contains("djl_torch")).toList()) {
                Files.createSymbolicLink(fake.resolve(f.getFileName()), f);
            }
        }
        Files.createFile(fake.resolve("libtorch_cuda.so"));
        String classPath = Stream.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                        .split(File.pathSeparator))
                .filter(entry -> !entry.contains("pytorch-native-cpu"))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()) // the child runs in the checkout's root
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(classPath.isEmpty());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, String> env = new java.util.HashMap<>(Map.of("PYTORCH_LIBRARY_PATH", fake.toString(),
                "PYTORCH_VERSION", "2.7.1", "DJL_OFFLINE", "true", "ENGINE_CACHE_DIR", dir.resolve("cache").toString(),
                "OPT_OUT_TRACKING", "true"));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath,
                "io.github.advent.tools.AdventCli", "engine", "--json"));

        env.put("PYTORCH_FLAVOR", "cpu");
        Run cpu = run(env, command.toArray(String[]::new));
        assertEquals(0, cpu.code(), cpu::toString);
        JsonObject facts = JsonParser.parseString(cpu.out()).getAsJsonObject();
        assertEquals(fake.toString(), facts.get("library_path").getAsString());
        assertEquals("2.7.1", facts.get("pytorch").getAsString());

        env.remove("PYTORCH_FLAVOR");
        Run guessed = run(env, command.toArray(String[]::new));
        assertEquals(1, guessed.code(), guessed::toString);
        assertTrue(guessed.err().startsWith("advent: the PyTorch engine could not load: Cannot copy jni files (Resource"
                + " not found in classpath: jnilib/linux-x86_64/cpu-precxx11/libdjl_torch.so); PYTORCH_LIBRARY_PATH="
                + fake + ", PYTORCH_FLAVOR=unset; for a CUDA libtorch 2.7.1 set ADVENT_LIBTORCH"), guessed::toString);
    }
}
