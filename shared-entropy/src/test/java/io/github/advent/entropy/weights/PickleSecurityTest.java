package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile pickles, as a real attacker would write them (a command that would create a marker file),
 * are refused naming what they reference, both in a legacy stream and as a zip's data.pkl.
 */
class PickleSecurityTest {
    @TempDir
    Path dir;

    /** name, the text the message must contain, and the pickle built around a shell command. */
    static Stream<Arguments> attacks() {
        Map<String, Object[]> a = new LinkedHashMap<>();
        a.put("os.system via GLOBAL", new Object[] {"the pickle references os.system", (Function<String, byte[]>) cmd ->
                PickleBuilder.proto2().global("os", "system").binunicode(cmd).tuple(1).reduce().stop().bytes()});
        a.put("posix.system via GLOBAL", new Object[] {"the pickle references posix.system",
                (Function<String, byte[]>) cmd -> PickleBuilder.proto2().global("posix", "system").binunicode(cmd)
                        .tuple(1).reduce().stop().bytes()});
        a.put("builtins.eval via STACK_GLOBAL", new Object[] {"the pickle references builtins.eval",
                (Function<String, byte[]>) cmd -> PickleBuilder.proto2().op(0x80).raw(4).stackGlobal("builtins", "eval")
                        .unicode("__import__('os').system('" + cmd + "')").tuple(1).reduce().stop().bytes()});
        a.put("os.system via INST", new Object[] {"the pickle references os.system through opcode INST",
                (Function<String, byte[]>) cmd -> PickleBuilder.proto2().mark().binunicode(cmd).op('i')
                        .raw("os\nsystem\n".getBytes()).stop().bytes()});
        a.put("subprocess hidden inside a state dict", new Object[] {"the pickle references subprocess.check_call",
                (Function<String, byte[]>) cmd -> PickleBuilder.proto2().global("collections", "OrderedDict")
                        .tuple(0).reduce().binunicode("fc.weight").global("subprocess", "check_call")
                        .binunicode("sh").binunicode("-c").binunicode(cmd).op(0x86 + 1).tuple(1).reduce()
                        .op('s').stop().bytes()});
        a.put("numpy reconstruct", new Object[] {"the pickle references numpy.core.multiarray._reconstruct",
                (Function<String, byte[]>) cmd -> PickleBuilder.proto2().global("numpy.core.multiarray", "_reconstruct")
                        .tuple(0).reduce().stop().bytes()});
        return a.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusedInLegacyStream(String name, String expected, Function<String, byte[]> attack) throws IOException {
        Path marker = dir.resolve("pwned");
        Path evil = dir.resolve("evil.pth");
        Files.write(evil, TorchFiles.legacy(attack.apply("touch " + marker), new LinkedHashMap<>()));
        assertRefused(evil, expected, marker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusedAsZipDataPkl(String name, String expected, Function<String, byte[]> attack) throws IOException {
        Path marker = dir.resolve("pwned");
        Path evil = dir.resolve("evil.pth");
        TorchFiles.zip(evil, attack.apply("touch " + marker), Map.of());
        assertRefused(evil, expected, marker);
    }

    private static void assertRefused(Path evil, String expected, Path marker) {
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().startsWith(evil + ": refusing to load: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(marker), "the command must not have run");
    }

    @Test
    void exactMessageForOsSystem() throws IOException {
        Path evil = dir.resolve("evil.pth");
        byte[] pkl = PickleBuilder.proto2().global("os", "system").binunicode("true").tuple(1).reduce().stop().bytes();
        TorchFiles.zip(evil, pkl, Map.of());
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertEquals(evil + ": refusing to load: the pickle references os.system at byte 2 of archive/data.pkl,"
                + " which a PyTorch state dict never needs (only collections.OrderedDict,"
                + " torch._utils._rebuild_tensor[_v2], torch._utils._rebuild_parameter and torch.*Storage are allowed)",
                e.getMessage());
    }

    @Test
    void globalIsRefusedWhenReadNotWhenCalled() throws IOException {
        // nothing valid follows the GLOBAL: a reader that deferred the check would report truncation instead
        Path evil = dir.resolve("evil.pth");
        TorchFiles.zip(evil, PickleBuilder.proto2().global("os", "system").bytes(), Map.of());
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("refusing to load: the pickle references os.system"), e.getMessage());
    }

    static Stream<Arguments> objectOpcodes() {
        return Stream.of(
                Arguments.of("OBJ", PickleBuilder.proto2().mark().global("collections", "OrderedDict").op('o').stop()),
                Arguments.of("NEWOBJ", PickleBuilder.proto2().global("collections", "OrderedDict").tuple(0).op(0x81).stop()),
                Arguments.of("NEWOBJ_EX", PickleBuilder.proto2().global("collections", "OrderedDict").tuple(0).op('}')
                        .op(0x92).stop()),
                Arguments.of("EXT1", PickleBuilder.proto2().op(0x82).raw(1).stop()),
                Arguments.of("EXT2", PickleBuilder.proto2().op(0x83).raw(1, 0).stop()),
                Arguments.of("EXT4", PickleBuilder.proto2().op(0x84).raw(1, 0, 0, 0).stop()),
                Arguments.of("PERSID", PickleBuilder.proto2().op('P').raw("0\n".getBytes()).stop()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectOpcodes")
    void objectBuildingOpcodesAreRefused(String opcode, PickleBuilder pickle) throws IOException {
        Path evil = dir.resolve("evil.pth");
        Files.write(evil, TorchFiles.legacy(pickle.bytes(), new LinkedHashMap<>()));
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("refusing to load: the pickle uses"), e.getMessage());
        assertTrue(e.getMessage().contains(opcode), e.getMessage());
    }

    @Test
    void allowedGlobalsCannotBeMisused() throws IOException {
        Path evil = dir.resolve("evil.pth");
        // calling a storage class (Python would construct a storage): not one of the callables
        TorchFiles.zip(evil, PickleBuilder.proto2().global("torch", "FloatStorage").tuple(0).reduce().stop().bytes(),
                Map.of());
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("refusing to load: the pickle calls a torch.FloatStorage"), e.getMessage());

        // BUILD (setstate) on a plain dict, or on a string
        TorchFiles.zip(evil, PickleBuilder.proto2().op('}').op('}').op('b').stop().bytes(), Map.of());
        e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("refusing to load: the pickle sets the state of a dict"), e.getMessage());

        // REDUCE on something that is not a callable at all
        TorchFiles.zip(evil, PickleBuilder.proto2().binunicode("os.system").tuple(0).reduce().stop().bytes(), Map.of());
        e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("refusing to load: the pickle calls a str"), e.getMessage());

        // torch.save(model) pickles module sources as ('module', ...) persistent ids
        TorchFiles.zip(evil, PickleBuilder.proto2().binunicode("module").binunicode("Net").tuple(2).op('Q').stop()
                .bytes(), Map.of());
        e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("save and load model.state_dict() instead"), e.getMessage());
    }

    @Test
    void storageLookalikesOutsideTorchAreRefused() throws IOException {
        Path evil = dir.resolve("evil.pth");
        TorchFiles.zip(evil, PickleBuilder.proto2().global("os", "FloatStorage").stop().bytes(), Map.of());
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("references os.FloatStorage"), e.getMessage());
        TorchFiles.zip(evil, PickleBuilder.proto2().global("torch", "load").stop().bytes(), Map.of());
        e = assertThrows(BadInputException.class, () -> WeightFiles.read(evil));
        assertTrue(e.getMessage().contains("references torch.load"), e.getMessage());
    }
}
