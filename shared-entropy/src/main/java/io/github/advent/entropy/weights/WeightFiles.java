package io.github.advent.entropy.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads named tensors from weight files, whatever produced them: PyTorch checkpoints (zip and
 * legacy .pth), numpy .npz and .npy (one array, named after the file), and safetensors. The format is chosen from the content, not the file
 * name. Every problem with a file is a {@link BadInputException} naming the file; PyTorch pickles
 * go through a restricted unpickler that refuses anything but tensors, dicts and plain values.
 */
public final class WeightFiles {
    private static final String KNOWN = "expected a PyTorch checkpoint (zip or legacy .pth), a numpy .npz or .npy"
            + " or a .safetensors file";

    private WeightFiles() {}

    /** The file's tensors by name, in file order. */
    public static LinkedHashMap<String, TensorData> read(Path file) {
        try {
            byte[] head = head(file);
            if (isZip(head)) {
                return readZip(file);
            }
            // safetensors before pickle: a header length of 128 (mod 256) also starts with 0x80,
            // while byte 8 of torch's magic-number pickle is never '{'
            if (isSafetensors(head)) {
                return readSafetensors(file).tensors();
            }
            if (isNpy(head)) {
                try (InputStream in = Files.newInputStream(file)) {
                    LinkedHashMap<String, TensorData> single = new LinkedHashMap<>();
                    single.put(stem(file), NpyReader.read(file, stem(file), in, Files.size(file)));
                    return single;
                }
            }
            if (head[0] == (byte) 0x80) { // pickle PROTO: the legacy stream starts with the magic-number pickle
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    return TorchLegacyReader.read(file, ch);
                }
            }
            throw new BadInputException(file, "unknown weight file format (starts with " + hex(head) + "); " + KNOWN);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** Every tensor as an NDArray owned by {@code manager}, in file order. */
    public static LinkedHashMap<String, NDArray> readArrays(Path file, NDManager manager) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : read(file).entrySet()) {
            NDArray a = e.getValue().toNDArray(manager);
            a.setName(e.getKey());
            out.put(e.getKey(), a);
        }
        return out;
    }

    /** A safetensors file's metadata and tensors (the checksum, if recorded, is verified). */
    public static SafetensorsFile readSafetensors(Path file) {
        try (FileChannel ch = open(file)) {
            return SafetensorsReader.read(file, ch);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** Only the {@code __metadata__} of a safetensors file (the header is validated, data not read). */
    public static Map<String, String> readSafetensorsMetadata(Path file) {
        try (FileChannel ch = open(file)) {
            return new SafetensorsFile(SafetensorsReader.header(file, ch).metadata(), new LinkedHashMap<>()).metadata();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    private static LinkedHashMap<String, TensorData> readZip(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(file, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
        }
        try (zip) {
            ZipEntry pickle = null;
            boolean npy = false;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                // torch writes <prefix>/data.pkl; the shallowest one is the checkpoint's
                if (name.endsWith("/data.pkl") && (pickle == null || depth(name) < depth(pickle.getName()))) {
                    pickle = e;
                }
                npy |= name.endsWith(".npy");
            }
            if (pickle != null) {
                return TorchZipReader.read(file, zip, pickle);
            }
            if (npy) {
                return NpzReader.read(file, zip);
            }
            throw new BadInputException(file, "zip archive holds neither a PyTorch checkpoint (*/data.pkl) nor"
                    + " .npy arrays; " + KNOWN);
        } catch (IOException e) {
            throw cannotRead(file, e);
        } catch (IllegalArgumentException e) {
            // java.util.zip reports a damaged entry name (bad UTF-8) this way
            throw new BadInputException(file, "corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }

    private static int depth(String name) {
        return name.length() - name.replace("/", "").length();
    }

    /** {@link #open}, with failures as bad input naming the file. */
    static FileChannel openChannel(Path file) {
        try {
            return open(file);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a directory, not a weight file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        }
    }

    /** Up to the first 16 bytes; at least one. */
    private static byte[] head(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            ByteBuffer b = ByteBuffer.allocate(16);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // keep reading: a channel may return short counts
            }
            if (b.position() == 0) {
                throw new BadInputException(file, "empty file; " + KNOWN);
            }
            byte[] out = new byte[b.position()];
            b.flip().get(out);
            return out;
        }
    }

    private static boolean isNpy(byte[] h) {
        return h.length >= 6 && h[0] == (byte) 0x93 && h[1] == 'N' && h[2] == 'U' && h[3] == 'M' && h[4] == 'P' && h[5] == 'Y';
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }

    private static boolean isZip(byte[] h) {
        // local file header, or the end record of an empty archive
        return h.length >= 4 && h[0] == 'P' && h[1] == 'K' && ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6));
    }

    /** u64 little-endian header length, then the JSON object's '{'. */
    private static boolean isSafetensors(byte[] h) {
        return h.length >= 9 && h[8] == '{';
    }

    private static String hex(byte[] h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(h.length, 8); i++) {
            sb.append(String.format(i == 0 ? "%02x" : " %02x", h[i] & 0xff));
        }
        return sb.toString();
    }

    static BadInputException cannotRead(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new BadInputException(file, "file not found", e);
        }
        return new BadInputException(file, "cannot read: " + e, e);
    }
}
