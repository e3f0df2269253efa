package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One .npy array (format versions 1.0, 2.0 and 3.0): magic, version, header length (u16 for 1.x,
 * u32 after), a Python-literal header with descr, fortran_order and shape, then the raw elements.
 * Big-endian data is byte-swapped and Fortran-order data reordered, so the result is always
 * little-endian C order.
 */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;

    private NpyReader() {}

    /**
     * @param name      the array's name, for messages
     * @param entrySize the uncompressed size of the .npy if known, else -1
     */
    static TensorData read(Path file, String name, InputStream in, long entrySize) throws IOException {
        String what = "array '" + Text.clip(name) + "'";
        byte[] lead = Streams.readUpTo(in, 10);
        if (lead.length < 10) {
            throw new BadInputException(file, "truncated: " + what + " ends inside its .npy header");
        }
        for (int k = 0; k < MAGIC.length; k++) {
            if (lead[k] != MAGIC[k]) {
                throw new BadInputException(file, "corrupt: " + what + " is not a .npy array (bad magic)");
            }
        }
        int major = lead[6];
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = (lead[8] & 0xff) | (lead[9] & 0xff) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = Streams.readUpTo(in, 2);
            if (more.length < 2) {
                throw new BadInputException(file, "truncated: " + what + " ends inside its .npy header");
            }
            headerLen = ((lead[8] & 0xffL) | (lead[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24);
            prefix = 12;
        } else {
            throw new BadInputException(file, what + " uses .npy format version " + major + "." + lead[7]
                    + "; supported: 1.0, 2.0, 3.0");
        }
        if (headerLen > MAX_HEADER) {
            throw new BadInputException(file, "corrupt: " + what + " declares a " + headerLen + "-byte header");
        }
        byte[] headerBytes = Streams.readUpTo(in, headerLen);
        if (headerBytes.length < headerLen) {
            throw new BadInputException(file, "truncated: " + what + " ends inside its .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Layout layout = layout(file, name, header);
        long nbytes = layout.numel * layout.type.byteSize();
        if (nbytes > Streams.MAX_BUFFER) {
            throw new BadInputException(file, what + " holds " + nbytes + " bytes; arrays over 2 GiB are not supported");
        }
        if (entrySize >= 0 && prefix + headerLen + nbytes > entrySize) {
            throw new BadInputException(file, "truncated: " + what + " needs " + nbytes + " data bytes, its entry holds "
                    + Math.max(0, entrySize - prefix - headerLen));
        }
        byte[] data = Streams.readUpTo(in, nbytes);
        if (data.length < nbytes) {
            throw new BadInputException(file, "truncated: " + what + " needs " + nbytes + " data bytes, its entry holds "
                    + data.length);
        }
        if (layout.bigEndian) {
            StridedCopy.swapBytes(data, layout.type.byteSize());
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        if (layout.fortran && layout.shape.length > 1) {
            // element (i0, i1, ...) sits at i0 + i1*d0 + i2*d0*d1 ...: gather in C order
            long[] stride = new long[layout.shape.length];
            long s = 1;
            for (int d = 0; d < stride.length; d++) {
                stride[d] = s;
                s *= layout.shape[d];
            }
            buf = StridedCopy.gather(buf, layout.type.byteSize(), 0, layout.shape, stride);
        }
        return new TensorData(layout.type, layout.shape, buf);
    }

    private record Layout(TensorType type, boolean bigEndian, boolean fortran, long[] shape, long numel) {}

    private static Layout layout(Path file, String name, String header) {
        String what = "array '" + Text.clip(name) + "'";
        Object parsed;
        try {
            parsed = PyLiteral.parse(header);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "corrupt: " + what + " has an unreadable .npy header (" + e.getMessage()
                    + ")");
        }
        if (!(parsed instanceof Map<?, ?> h) || !(h.get("fortran_order") instanceof Boolean fortran)
                || !(h.get("shape") instanceof List<?> dims)) {
            throw new BadInputException(file, "corrupt: " + what + "'s .npy header lacks descr, fortran_order or shape");
        }
        if (!(h.get("descr") instanceof String descr)) {
            throw TensorType.unsupported(file, name, "a structured dtype");
        }
        long[] shape = new long[dims.size()];
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof Long n) || n < 0) {
                throw new BadInputException(file, "corrupt: " + what + " has a bad shape " + Text.clip(dims.toString()));
            }
            shape[d] = n;
            try {
                numel = Math.multiplyExact(numel, n);
            } catch (ArithmeticException e) {
                throw new BadInputException(file, "corrupt: " + what + " has a shape too large to address");
            }
        }
        char order = descr.isEmpty() ? '?' : descr.charAt(0);
        String code = descr.length() > 1 ? descr.substring(1) : descr;
        TensorType type = "<>|=".indexOf(order) >= 0 ? TensorType.ofNumpyCode(code).orElse(null) : null;
        if (type == null) {
            throw TensorType.unsupported(file, name, numpyName(descr));
        }
        if (order == '|') {
            throw new BadInputException(file, "corrupt: " + what + " has byte order '|' on the multi-byte type " + descr);
        }
        return new Layout(type, order == '>', fortran, shape, numel);
    }

    /** numpy's name for a descr, e.g. '<f8' -> float64, for messages. */
    private static String numpyName(String descr) {
        String code = descr.length() > 1 && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        String kind = code.isEmpty() ? "" : code.substring(0, 1);
        String size = code.length() > 1 ? code.substring(1) : "";
        String base = switch (kind) {
            case "f" -> "float";
            case "i" -> "int";
            case "u" -> "uint";
            case "c" -> "complex";
            default -> null;
        };
        if (code.equals("b1") || code.equals("?")) {
            return "bool";
        }
        if (base != null && size.matches("[0-9]+")) {
            return base + (Integer.parseInt(size) * 8);
        }
        return Text.clip(descr);
    }
}
