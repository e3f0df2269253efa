package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one pickle (protocols 0-5 as far as a state dict needs them) into plain Java values:
 * null, Boolean, Long/BigInteger, Double, String, {@link PyBytes}, {@link PyTuple}, ArrayList and
 * LinkedHashMap. It never creates objects by name: every global, REDUCE, BUILD and persistent id is
 * handed to a {@link Policy}, which decides (and refuses everything it does not know). Opcodes
 * that can only build arbitrary objects are refused outright. Positions in messages are
 * {@code base + offset in the buffer}, i.e. file offsets for legacy checkpoints.
 */
final class PickleReader {

    /** What globals, calls and persistent ids mean; the only place that gives them meaning. */
    interface Policy {
        /** The object for a GLOBAL / STACK_GLOBAL, or throw to refuse it. */
        Object global(String module, String name, String at);

        /** The object for a BINPERSID id. */
        Object persistentLoad(Object pid, String at);

        /** The result of calling {@code callable(*args)} (REDUCE), or throw to refuse. */
        Object reduce(Object callable, PyTuple args, String at);

        /** The object after BUILD with {@code state}, or throw to refuse. */
        Object build(Object target, Object state, String at);
    }

    private static final int MAX_DIGITS = 4300; // as Python's int/str limit: no quadratic parse of huge text
    private static final int MAX_KEY_DEPTH = 32;
    /** Protocol-0 arguments are module names and numbers; a longer "line" is binary data. */
    private static final int MAX_LINE = MAX_DIGITS + 100;

    private final Path file;
    private final String source;
    private final ByteBuffer in;
    private final long base;
    private final Policy policy;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long opAt;

    /**
     * @param source where the pickle lives for messages, e.g. "resnet/data.pkl", or null for the file itself
     * @param in     the pickle starts at in.position(); on return the position is just past STOP
     * @param base   file offset of in's index 0
     */
    PickleReader(Path file, String source, ByteBuffer in, long base, Policy policy) {
        this.file = file;
        this.source = source;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.base = base;
        this.policy = policy;
    }

    /** Runs the pickle up to STOP and returns its result. */
    Object load() {
        while (true) {
            opAt = base + in.position();
            if (!in.hasRemaining()) {
                throw truncated();
            }
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) {
                        throw corrupt("unknown pickle protocol " + proto);
                    }
                }
                case 0x95 -> skip(8); // FRAME: only a buffering hint
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> marks.add(stack.size()); // MARK
                case '0' -> { // POP: the top item, or the mark when nothing is above it
                    if (stack.size() == floor()) {
                        popMark();
                    } else {
                        pop();
                    }
                }
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(top()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) i32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) u16()); // BININT2
                case 0x8a -> push(longFromBytes(u8())); // LONG1
                case 0x8b -> push(longFromBytes(length(i32()))); // LONG4
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong(advance(8))))); // BINFLOAT, big-endian
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 'X' -> push(utf8(u32())); // BINUNICODE
                case 0x8d -> push(utf8(u64())); // BINUNICODE8
                case 'U' -> push(latin1(u8())); // SHORT_BINSTRING (Python 2 str)
                case 'T' -> push(latin1(length(i32()))); // BINSTRING
                case 'C' -> push(new PyBytes(bytes(u8()))); // SHORT_BINBYTES
                case 'B' -> push(new PyBytes(bytes(u32()))); // BINBYTES
                case 0x8e -> push(new PyBytes(bytes(u64()))); // BINBYTES8
                case ')' -> push(PyTuple.EMPTY);
                case 't' -> push(PyTuple.of(popMark()));
                case 0x85 -> push(tupleOf(1));
                case 0x86 -> push(tupleOf(2));
                case 0x87 -> push(tupleOf(3));
                case ']' -> push(new ArrayList<>());
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(top()).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(top()).addAll(items);
                }
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case '}' -> push(new java.util.LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> { // DICT
                    Map<Object, Object> d = new java.util.LinkedHashMap<>();
                    putPairs(d, popMark());
                    push(d);
                }
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    dict(top()).put(key(k), v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    putPairs(dict(top()), items);
                }
                case 'q' -> memo.put((long) u8(), top()); // BINPUT
                case 'r' -> memo.put(u32(), top()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                case 'p' -> memo.put(decimalLine().longValue(), top()); // PUT
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(u32())); // LONG_BINGET
                case 'g' -> push(memoGet(decimalLine().longValue())); // GET
                case 'I' -> push(intLine()); // INT (protocol 0; I01/I00 are True/False)
                case 'L' -> push(normalise(decimalLine())); // LONG (protocol 0)
                case 'c' -> { // GLOBAL
                    String module = textLine();
                    String name = textLine();
                    push(policy.global(module, name, at()));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw corrupt("STACK_GLOBAL needs two strings");
                    }
                    push(policy.global(m, n, at()));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    if (!(args instanceof PyTuple t)) {
                        throw corrupt("REDUCE arguments are not a tuple");
                    }
                    push(policy.reduce(callable, t, at()));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = pop();
                    push(policy.build(target, state, at()));
                }
                case 'Q' -> push(policy.persistentLoad(pop(), at())); // BINPERSID
                case 'P' -> throw refuse("a text persistent id (PERSID)");
                case 'i' -> { // INST: module, name, then instantiates with the marked args
                    String module = textLine();
                    String name = textLine();
                    throw new BadInputException(file, "refusing to load: the pickle references "
                            + Text.clip(module + "." + name) + " through opcode INST" + at()
                            + ", which a PyTorch state dict never needs " + TorchPickle.ALLOWED);
                }
                case 'o' -> throw refuse("opcode OBJ");
                case 0x81 -> throw refuse("opcode NEWOBJ");
                case 0x92 -> throw refuse("opcode NEWOBJ_EX");
                case 0x82, 0x83, 0x84 -> throw refuse("an extension-registry reference (EXT" + (op == 0x84 ? 4 : op - 0x81) + ")");
                default -> throw new BadInputException(file,
                        String.format("unsupported pickle opcode 0x%02x at byte %d%s", op, opAt, in()));
            }
        }
    }

    // ---- stack, marks and memo

    private void push(Object o) {
        stack.add(o);
    }

    /** Items below the newest MARK belong to an outer frame and cannot be popped or used as top. */
    private int floor() {
        return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    }

    private Object pop() {
        if (stack.size() <= floor()) {
            throw corrupt("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.size() <= floor()) {
            throw corrupt("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("no MARK to pop to");
        }
        int from = marks.remove(marks.size() - 1);
        List<Object> tail = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private PyTuple tupleOf(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new PyTuple(items);
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("memo entry " + index + " used before it was stored");
        }
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw corrupt("APPEND to " + TorchPickle.aTypeName(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw corrupt("SETITEM on " + TorchPickle.aTypeName(o) + ", not a dict");
    }

    private void putPairs(Map<Object, Object> d, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw corrupt("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(key(items.get(i)), items.get(i + 1));
        }
    }

    /** Dict keys must be hashable in Python; refusing lists/dicts also keeps cyclic values out of hashCode(). */
    private Object key(Object k) {
        checkHashable(k, 0);
        return k;
    }

    private void checkHashable(Object k, int depth) {
        if (k instanceof List<?> || k instanceof Map<?, ?>) {
            throw corrupt("unhashable dict key of type " + TorchPickle.typeName(k));
        }
        if (k instanceof PyTuple t) {
            if (depth > MAX_KEY_DEPTH) {
                throw corrupt("dict key nested too deeply");
            }
            for (int i = 0; i < t.size(); i++) {
                checkHashable(t.get(i), depth + 1);
            }
        }
    }

    // ---- raw reads; every length is checked against what is left before anything is allocated

    private int advance(int n) {
        need(n);
        int p = in.position();
        in.position(p + n);
        return p;
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw truncated();
        }
    }

    private void skip(int n) {
        advance(n);
    }

    private int u8() {
        return in.get(advance(1)) & 0xff;
    }

    private int u16() {
        return in.getShort(advance(2)) & 0xffff;
    }

    private int i32() {
        return in.getInt(advance(4));
    }

    private long u32() {
        return in.getInt(advance(4)) & 0xffffffffL;
    }

    /** An 8-byte length; anything beyond what is left (including "negative") is truncation. */
    private long u64() {
        long n = in.getLong(advance(8));
        if (n < 0) {
            throw truncated();
        }
        return n;
    }

    private long length(int n) {
        if (n < 0) {
            throw corrupt("negative length " + n);
        }
        return n;
    }

    private byte[] bytes(long n) {
        need(n);
        byte[] b = new byte[(int) n];
        in.get(b);
        return b;
    }

    private String utf8(long n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(long n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private Object longFromBytes(long n) {
        byte[] le = bytes(n);
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return normalise(new BigInteger(be));
    }

    private static Object normalise(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** A newline-terminated line (protocol 0 arguments), without the newline. */
    private String textLine() {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (i - start > MAX_LINE) {
                throw corrupt("text argument longer than " + MAX_LINE + " bytes");
            }
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - start];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        throw truncated();
    }

    private BigInteger decimalLine() {
        String s = textLine();
        if (s.endsWith("L")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > MAX_DIGITS) {
            throw corrupt("integer of " + s.length() + " digits");
        }
        try {
            return new BigInteger(s.strip());
        } catch (NumberFormatException e) {
            throw corrupt("bad integer '" + Text.clip(s) + "'");
        }
    }

    private Object intLine() {
        int start = in.position();
        String s = textLine();
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        in.position(start);
        return normalise(decimalLine());
    }

    // ---- messages

    private String in() {
        return source == null ? "" : " of " + source;
    }

    private String at() {
        return " at byte " + opAt + in();
    }

    private BadInputException truncated() {
        return new BadInputException(file, "truncated: pickle data ends inside the opcode at byte " + opAt + in());
    }

    private BadInputException corrupt(String what) {
        return new BadInputException(file, "corrupt pickle" + at() + ": " + what);
    }

    private BadInputException refuse(String what) {
        return new BadInputException(file, "refusing to load: the pickle uses " + what + at()
                + ", which builds arbitrary objects; a PyTorch state dict never needs it");
    }
}
