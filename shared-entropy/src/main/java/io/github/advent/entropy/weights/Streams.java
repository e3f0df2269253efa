package io.github.advent.entropy.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Bounded reads: memory grows with the bytes actually present, never with a size a file merely claims. */
final class Streams {
    /** Largest single buffer we hand out (a Java array limit, with headroom). */
    static final long MAX_BUFFER = Integer.MAX_VALUE - 8;

    private static final int FIRST_CHUNK = 1 << 20;

    private Streams() {}

    /** Up to {@code n} bytes from {@code in}; fewer only if the stream ends first. */
    static byte[] readUpTo(InputStream in, long n) throws IOException {
        if (n > MAX_BUFFER) {
            throw new IllegalArgumentException("over 2 GiB");
        }
        int want = (int) n;
        byte[] buf = new byte[Math.min(want, FIRST_CHUNK)];
        int have = 0;
        while (have < want) {
            if (have == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(want, 2L * buf.length));
            }
            int r = in.read(buf, have, buf.length - have);
            if (r < 0) {
                return Arrays.copyOf(buf, have);
            }
            have += r;
        }
        return buf;
    }

    /** Exactly {@code n} bytes at {@code position}; the caller has checked they lie inside the file. */
    static ByteBuffer readAt(FileChannel ch, long position, long n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(n));
        while (buf.hasRemaining()) {
            int r = ch.read(buf, position + buf.position());
            if (r < 0) {
                throw new java.io.EOFException("file ended at byte " + (position + buf.position()));
            }
        }
        return buf.flip();
    }
}
