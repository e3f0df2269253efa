package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The opcode machine on its own, with a policy that records instead of refusing. */
class PickleReaderTest {
    private static final Path FILE = Path.of("test.pkl");

    /** Globals become "module.name" strings; REDUCE becomes ["called", callable, args]. */
    private static final PickleReader.Policy RECORDING = new PickleReader.Policy() {
        @Override
        public Object global(String module, String name, String at) {
            return module + "." + name;
        }

        @Override
        public Object persistentLoad(Object pid, String at) {
            return List.of("pid", pid);
        }

        @Override
        public Object reduce(Object callable, PyTuple args, String at) {
            return Arrays.asList("called", callable, args);
        }

        @Override
        public Object build(Object target, Object state, String at) {
            return Arrays.asList("built", target, state);
        }
    };

    private static Object load(byte[] pickle) {
        return new PickleReader(FILE, null, ByteBuffer.wrap(pickle), 0, RECORDING).load();
    }

    private static List<?> loadList(PickleBuilder items) {
        return (List<?>) load(items.op('l').stop().bytes());
    }

    @Test
    void scalarsDecode() {
        PickleBuilder p = PickleBuilder.proto2().mark()
                .none().bool(true).bool(false)
                .integer(200).integer(40000).integer(-5).integer(1 << 30)
                .long1(BigInteger.valueOf(-129)).long1(new BigInteger("123456789012345678901234567890"))
                .op(0x8a).raw(0) // LONG1 with no bytes is 0
                .op(0x8b).raw(PickleBuilder.le(2, 4)).raw(0x00, 0x80) // LONG4 -32768
                .binfloat(-1.5)
                .op('I').raw("01\n".getBytes()).op('I').raw("00\n".getBytes()).op('I').raw("-42\n".getBytes())
                .op('L').raw("12345678901234567890L\n".getBytes());
        assertEquals(Arrays.asList(null, true, false, 200L, 40000L, -5L, 1L << 30, -129L,
                new BigInteger("123456789012345678901234567890"), 0L, -32768L, -1.5, true, false, -42L,
                new BigInteger("12345678901234567890")), loadList(p));
    }

    @Test
    void stringsAndBytesDecode() {
        byte[] eight = "α8".getBytes(StandardCharsets.UTF_8);
        PickleBuilder p = PickleBuilder.proto2().mark()
                .unicode("short").binunicode("ünïcode")
                .op(0x8d).raw(PickleBuilder.le(eight.length, 8)).raw(eight) // BINUNICODE8
                .shortBinstring("py2 \u00e9").binstring("long py2")
                .op('C').raw(2, 1, 2) // SHORT_BINBYTES
                .op('B').raw(PickleBuilder.le(1, 4)).raw(9) // BINBYTES
                .op(0x8e).raw(PickleBuilder.le(1, 8)).raw(7); // BINBYTES8
        assertEquals(List.of("short", "ünïcode", "α8", "py2 é", "long py2", new PyBytes(new byte[] {1, 2}),
                new PyBytes(new byte[] {9}), new PyBytes(new byte[] {7})), loadList(p));
    }

    @Test
    void containersDecode() {
        PickleBuilder p = PickleBuilder.proto2().mark()
                .tuple(0)
                .integer(1).tuple(1)
                .integer(1).integer(2).tuple(2)
                .integer(1).integer(2).integer(3).tuple(3)
                .mark().integer(1).integer(2).integer(3).integer(4).op('t')
                .op(']').integer(5).op('a').mark().integer(6).integer(7).op('e')
                .mark().integer(8).op('l')
                .op('}').unicode("a").integer(1).op('s').mark().unicode("b").integer(2).unicode("c").integer(3).op('u')
                .mark().unicode("k").none().op('d');
        List<?> got = loadList(p);
        assertEquals(PyTuple.EMPTY, got.get(0));
        assertEquals(new PyTuple(new Object[] {1L}), got.get(1));
        assertEquals(new PyTuple(new Object[] {1L, 2L}), got.get(2));
        assertEquals(new PyTuple(new Object[] {1L, 2L, 3L}), got.get(3));
        assertEquals(new PyTuple(new Object[] {1L, 2L, 3L, 4L}), got.get(4));
        assertEquals(List.of(5L, 6L, 7L), got.get(5));
        assertEquals(List.of(8L), got.get(6));
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(((Map<?, ?>) got.get(7)).keySet()), "insertion order");
        assertEquals(3L, ((Map<?, ?>) got.get(7)).get("c"));
        assertTrue(((Map<?, ?>) got.get(8)).containsKey("k"));
    }

    @Test
    void memoStackAndFramingOpcodes() {
        PickleBuilder p = new PickleBuilder().op(0x80).raw(4).op(0x95).raw(PickleBuilder.le(100, 8)) // PROTO 4, FRAME
                .mark()
                .unicode("x").binput(1).binget(1) // BINPUT / BINGET
                .unicode("y").op('r').raw(PickleBuilder.le(70000, 4)).op('j').raw(PickleBuilder.le(70000, 4))
                .unicode("z").op(0x94).binget(2) // MEMOIZE stores at len(memo): 2 entries so far
                .unicode("w").op('p').raw("9\n".getBytes()).op('g').raw("9\n".getBytes()) // PUT / GET
                .unicode("dup").op('2') // DUP
                .unicode("popped").op('0') // POP
                .mark().unicode("gone").unicode("too").op('1'); // POP_MARK
        assertEquals(List.of("x", "x", "y", "y", "z", "z", "w", "w", "dup", "dup"), loadList(p));
    }

    @Test
    void globalsReduceBuildAndPersistentIdsGoToThePolicy() {
        PickleBuilder p = PickleBuilder.proto2().mark()
                .global("a.b", "c").integer(1).tuple(1).reduce()
                .stackGlobal("m", "n")
                .op('}').unicode("state").op('b')
                .unicode("key").op('Q');
        List<?> got = loadList(p);
        assertEquals(Arrays.asList("called", "a.b.c", new PyTuple(new Object[] {1L})), got.get(0));
        assertEquals("m.n", got.get(1));
        assertEquals("built", ((List<?>) got.get(2)).get(0));
        assertEquals(List.of("pid", "key"), got.get(3));
    }

    @Test
    void sharedObjectsStayShared() {
        // the same list stored twice through the memo is one object, as in Python
        List<?> got = loadList(PickleBuilder.proto2().mark().op(']').binput(0).binget(0));
        assertSame(got.get(0), got.get(1));
    }

    @Test
    void readsOnlyUpToStop() {
        byte[] two = new byte[] {(byte) 0x80, 2, 'K', 1, '.', (byte) 0x80, 2, 'K', 2, '.'};
        ByteBuffer in = ByteBuffer.wrap(two);
        assertEquals(1L, new PickleReader(FILE, null, in, 0, RECORDING).load());
        assertEquals(5, in.position());
        assertEquals(2L, new PickleReader(FILE, null, in, 0, RECORDING).load());
    }

    @Test
    void unknownOpcodeIsNamedWithItsPosition() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> load(PickleBuilder.proto2().mark().op(0x8f).stop().bytes())); // EMPTY_SET
        assertEquals("test.pkl: unsupported pickle opcode 0x8f at byte 3", e.getMessage());
        e = assertThrows(BadInputException.class, () -> new PickleReader(FILE, "arch/data.pkl",
                ByteBuffer.wrap(new byte[] {(byte) 0x80, 2, (byte) 0xff}), 0, RECORDING).load());
        assertEquals("test.pkl: unsupported pickle opcode 0xff at byte 2 of arch/data.pkl", e.getMessage());
    }

    @Test
    void everyTruncationIsReportedAsSuch() {
        byte[] full = PickleBuilder.proto2().mark().binunicode("conv1.weight").long1(BigInteger.TEN.pow(30))
                .binfloat(2.5).op('B').raw(PickleBuilder.le(3, 4)).raw(1, 2, 3).global("m", "n").op('I')
                .raw("12\n".getBytes()).op('l').stop().bytes();
        assertEquals(6, ((List<?>) load(full)).size());
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            BadInputException e = assertThrows(BadInputException.class, () -> load(part), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("test.pkl: truncated: pickle data ends inside the opcode at byte"),
                    e.getMessage());
        }
    }

    @Test
    void hugeDeclaredLengthsAreTruncationNotAllocation() {
        for (PickleBuilder p : List.of(
                PickleBuilder.proto2().op('X').raw(0xff, 0xff, 0xff, 0x7f),
                PickleBuilder.proto2().op(0x8d).raw(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
                PickleBuilder.proto2().op(0x8e).raw(0, 0, 0, 0, 0, 0, 0, 0x10),
                PickleBuilder.proto2().op(0x8b).raw(0xff, 0xff, 0xff, 0x7f))) {
            BadInputException e = assertThrows(BadInputException.class, () -> load(p.bytes()));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> load(PickleBuilder.proto2().op('T').raw(0xff, 0xff, 0xff, 0xff).bytes()));
        assertTrue(e.getMessage().contains("corrupt pickle at byte 2: negative length -1"), e.getMessage());
    }

    @Test
    void malformedStreamsAreCorrupt() {
        assertCorrupt(PickleBuilder.proto2().op('a').stop(), "stack underflow");
        assertCorrupt(PickleBuilder.proto2().op('t').stop(), "no MARK to pop to");
        assertCorrupt(PickleBuilder.proto2().binget(3).stop(), "memo entry 3 used before it was stored");
        assertCorrupt(PickleBuilder.proto2().integer(1).integer(2).op('a').stop(), "APPEND to an int, not a list");
        assertCorrupt(PickleBuilder.proto2().mark().unicode("k").op('d').stop(), "odd number of items for a dict");
        // a list that contains itself, used as a dict key: Python says unhashable; hashing it would never end
        assertCorrupt(PickleBuilder.proto2().op('}').op(']').binput(0).binget(0).op('a').integer(1).op('s').stop(),
                "unhashable dict key of type list");
        assertCorrupt(PickleBuilder.proto2().op('I').raw("12x\n".getBytes()).stop(), "bad integer '12x'");
        assertCorrupt(PickleBuilder.proto2().mark().stop(), "stack underflow"); // nothing above the mark
        assertCorrupt(PickleBuilder.proto2().op('c').raw(new byte[5000]).raw('\n', 'x', '\n').stop(),
                "text argument longer than 4400 bytes");
    }

    private static void assertCorrupt(PickleBuilder p, String detail) {
        BadInputException e = assertThrows(BadInputException.class, () -> load(p.bytes()));
        assertTrue(e.getMessage().startsWith("test.pkl: corrupt pickle at byte "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": " + detail), e.getMessage());
    }

    @Test
    void protocolZeroMemoAndNoneStayNull() {
        assertNull(load(new byte[] {'N', '.'}));
        assertArrayEquals(new byte[] {5}, ((PyBytes) load(new byte[] {'C', 1, 5, '.'})).bytes());
    }
}
