package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PyTorch's zip checkpoint (torch.save since 1.6): {@code <prefix>/data.pkl} holds the object
 * pickle, whose persistent ids ('storage', class, key, location, numel) point at raw
 * little-endian storages in {@code <prefix>/data/<key>}.
 */
final class TorchZipReader {
    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, ByteBuffer> loaded = new HashMap<>();

    private TorchZipReader(Path file, ZipFile zip, String prefix) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
    }

    /** @param pickle the {@code <prefix>/data.pkl} entry */
    static LinkedHashMap<String, TensorData> read(Path file, ZipFile zip, ZipEntry pickle) {
        String name = pickle.getName();
        TorchZipReader r = new TorchZipReader(file, zip, name.substring(0, name.length() - "data.pkl".length()));
        return r.read(pickle);
    }

    private LinkedHashMap<String, TensorData> read(ZipEntry pickle) {
        checkByteOrder();
        byte[] pkl = entryBytes(pickle, Streams.MAX_BUFFER);
        TorchPickle policy = new TorchPickle(file, this::storage);
        Object root = new PickleReader(file, pickle.getName(), ByteBuffer.wrap(pkl), 0, policy).load();
        return StateDicts.flatten(file, root);
    }

    private void checkByteOrder() {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return; // written before torch recorded it: always little-endian
        }
        String order = new String(entryBytes(e, 64), StandardCharsets.US_ASCII).strip();
        if (order.equals("big")) {
            throw new BadInputException(file, "big-endian checkpoint (" + e.getName() + " says 'big') is not supported");
        }
        if (!order.equals("little")) {
            throw new BadInputException(file, "corrupt: " + e.getName() + " says '" + Text.clip(order) + "'");
        }
    }

    /** ('storage', storage_class, key, location, numel). */
    private StorageRef storage(PyTuple pid, String at) {
        if (pid.size() != 5 || !(pid.get(1) instanceof TorchPickle.StorageClass cls)
                || !(pid.get(2) instanceof String key) || !(pid.get(4) instanceof Long numel) || numel < 0) {
            throw new BadInputException(file, "corrupt pickle" + at
                    + ": persistent id is not ('storage', class, key, location, numel)");
        }
        TorchStorageType type = TorchStorageType.byClassName(cls.name()).orElseThrow(() ->
                new BadInputException(file, "unsupported storage type torch." + Text.clip(cls.name()) + at));
        long nbytes;
        try {
            nbytes = Math.multiplyExact(numel, (long) type.elementSize);
        } catch (ArithmeticException e) {
            throw new BadInputException(file, "corrupt pickle" + at + ": storage of " + numel + " elements");
        }
        return StorageRef.whole(new TorchStorage(key, type, numel, () -> load(key, nbytes)));
    }

    private ByteBuffer load(String key, long nbytes) {
        ByteBuffer cached = loaded.get(key);
        if (cached != null && cached.remaining() >= nbytes) {
            return cached;
        }
        String entryName = prefix + "data/" + key;
        ZipEntry e = zip.getEntry(entryName);
        if (e == null) {
            throw new BadInputException(file, "corrupt: storage '" + Text.clip(key) + "' is missing (no archive entry "
                    + Text.clip(entryName) + ")");
        }
        if (e.getSize() >= 0 && e.getSize() < nbytes) {
            throw truncated(key, nbytes, e.getSize()); // checked first: a lying numel is damage, not a big file
        }
        if (nbytes > Streams.MAX_BUFFER) {
            throw new BadInputException(file, "storage '" + Text.clip(key) + "' holds " + nbytes
                    + " bytes; storages over 2 GiB are not supported");
        }
        byte[] data = entryBytes(e, nbytes);
        if (data.length < nbytes) {
            throw truncated(key, nbytes, data.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        loaded.put(key, buf);
        return buf;
    }

    private BadInputException truncated(String key, long need, long have) {
        return new BadInputException(file, "truncated: storage '" + Text.clip(key) + "' needs " + need
                + " bytes, archive entry holds " + have);
    }

    /** At most {@code max} bytes of an entry. */
    private byte[] entryBytes(ZipEntry e, long max) {
        try (InputStream in = zip.getInputStream(e)) {
            return Streams.readUpTo(in, max);
        } catch (IOException ex) {
            throw new BadInputException(file, "corrupt: cannot read archive entry " + Text.clip(e.getName()) + " ("
                    + ex.getMessage() + ")", ex);
        } catch (UncheckedIOException ex) {
            throw new BadInputException(file, "corrupt: cannot read archive entry " + Text.clip(e.getName()), ex);
        }
    }
}
