package io.github.advent.entropy.weights;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes raw pickle opcodes, so tests can build exactly the byte streams they need (hostile ones too). */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBuilder proto2() {
        return new PickleBuilder().op(0x80).raw(2);
    }

    PickleBuilder op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBuilder raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleBuilder mark() {
        return op('(');
    }

    PickleBuilder stop() {
        return op('.');
    }

    PickleBuilder none() {
        return op('N');
    }

    PickleBuilder bool(boolean v) {
        return op(v ? 0x88 : 0x89);
    }

    /** BININT1 / BININT2 / BININT / LONG1 as the value needs, like Python's pickler. */
    PickleBuilder integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').raw((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M').raw((int) (v & 0xff), (int) (v >>> 8));
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J').raw(le(v, 4));
        }
        return long1(BigInteger.valueOf(v));
    }

    PickleBuilder long1(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[be.length];
        for (int i = 0; i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return op(0x8a).raw(le.length).raw(le);
    }

    PickleBuilder binfloat(double v) {
        return op('G').raw(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
    }

    /** SHORT_BINUNICODE (protocol 4) or BINUNICODE by length. */
    PickleBuilder unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length < 256 ? op(0x8c).raw(b.length).raw(b) : op('X').raw(le(b.length, 4)).raw(b);
    }

    /** BINUNICODE, as torch's protocol-2 pickles write str. */
    PickleBuilder binunicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(le(b.length, 4)).raw(b);
    }

    /** SHORT_BINSTRING: a Python 2 str. */
    PickleBuilder shortBinstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return op('U').raw(b.length).raw(b);
    }

    /** BINSTRING: a long Python 2 str. */
    PickleBuilder binstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return op('T').raw(le(b.length, 4)).raw(b);
    }

    PickleBuilder global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PickleBuilder stackGlobal(String module, String name) {
        return unicode(module).unicode(name).op(0x93);
    }

    PickleBuilder tuple(int n) {
        return op(n == 0 ? ')' : 0x84 + n);
    }

    PickleBuilder reduce() {
        return op('R');
    }

    PickleBuilder binput(int i) {
        return op('q').raw(i);
    }

    PickleBuilder binget(int i) {
        return op('h').raw(i);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
