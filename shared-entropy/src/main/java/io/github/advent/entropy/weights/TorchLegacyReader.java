package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's pre-1.6 checkpoint stream (also what {@code _use_new_zipfile_serialization=False}
 * writes): five pickles (magic number, protocol version, sys_info, the object, the list of storage
 * keys) followed, for each key in that list, by an int64 element count and the raw elements.
 * Persistent ids are ('storage', class, root_key, location, numel, view_metadata), where
 * view_metadata is None or (view_key, offset, size) in elements of the root storage.
 */
final class TorchLegacyReader {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private final Path file;
    private final FileChannel ch;
    private final long fileSize;
    /** Roots named by persistent ids, by key; the first declaration fixes type and size. */
    private final Map<String, TorchStorage> roots = new HashMap<>();
    /** key -> {file offset of the elements, element count}, known once the key list is read. */
    private final Map<String, long[]> where = new HashMap<>();

    private TorchLegacyReader(Path file, FileChannel ch, long fileSize) {
        this.file = file;
        this.ch = ch;
        this.fileSize = fileSize;
    }

    static LinkedHashMap<String, TensorData> read(Path file, FileChannel ch) throws IOException {
        TorchLegacyReader r = new TorchLegacyReader(file, ch, ch.size());
        return r.read();
    }

    private LinkedHashMap<String, TensorData> read() throws IOException {
        // The pickles are small and come first; beyond 2 GiB only storages can lie, read by position.
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(fileSize, Streams.MAX_BUFFER));
        TorchPickle policy = new TorchPickle(file, this::storage);
        Object magic = pickle(map, policy);
        if (!MAGIC.equals(magic)) {
            throw new BadInputException(file, "not a PyTorch checkpoint: the first pickle is not torch's magic number");
        }
        Object version = pickle(map, policy);
        if (!Long.valueOf(PROTOCOL_VERSION).equals(version)) {
            throw new BadInputException(file, "unsupported legacy checkpoint protocol version "
                    + (version instanceof Long ? version : TorchPickle.typeName(version)));
        }
        Object sysInfo = pickle(map, policy);
        Object little = sysInfo instanceof Map<?, ?> m ? m.get("little_endian") : null;
        if (Boolean.FALSE.equals(little)) {
            throw new BadInputException(file, "big-endian checkpoint (sys_info little_endian=False) is not supported");
        }
        if (!Boolean.TRUE.equals(little)) {
            throw new BadInputException(file, "corrupt: sys_info pickle has no little_endian flag");
        }
        Object root = pickle(map, policy);
        Object keys = pickle(map, policy);
        if (!(keys instanceof List<?> list)) {
            throw new BadInputException(file, "corrupt: the storage key pickle holds " + TorchPickle.aTypeName(keys)
                    + ", not a list");
        }
        locateStorages(list, map.position());
        return StateDicts.flatten(file, root);
    }

    private Object pickle(ByteBuffer map, TorchPickle policy) {
        return new PickleReader(file, null, map, 0, policy).load();
    }

    /** Walks the count-prefixed storages in key-list order, checking each fits in the file. */
    private void locateStorages(List<?> keys, long pos) throws IOException {
        for (Object k : keys) {
            String key = keyString(k);
            TorchStorage s = key == null ? null : roots.get(key);
            if (s == null) {
                throw new BadInputException(file, "corrupt: the storage list names "
                        + (key == null ? TorchPickle.aTypeName(k) : "'" + Text.clip(key) + "'")
                        + ", which no tensor declared, so its element size is unknown");
            }
            if (pos + 8 > fileSize) {
                throw new BadInputException(file, "truncated: storage '" + Text.clip(key) + "' starts at byte " + pos
                        + " but the file ends at byte " + fileSize);
            }
            long count = Streams.readAt(ch, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            long end;
            try {
                end = Math.addExact(pos + 8, Math.multiplyExact(count, (long) s.type.elementSize));
            } catch (ArithmeticException e) {
                end = -1;
            }
            if (count < 0 || end < 0) {
                throw new BadInputException(file, "corrupt: storage '" + Text.clip(key) + "' claims " + count
                        + " elements");
            }
            if (end > fileSize) {
                throw new BadInputException(file, "truncated: storage '" + Text.clip(key) + "' needs "
                        + (end - pos - 8) + " bytes from byte " + (pos + 8) + ", the file ends at byte " + fileSize);
            }
            where.put(key, new long[] {pos + 8, count});
            pos = end;
        }
    }

    /** ('storage', class, root_key, location, numel, view_metadata). */
    private StorageRef storage(PyTuple pid, String at) {
        String key = pid.size() == 6 ? keyString(pid.get(2)) : null;
        if (key == null || !(pid.get(1) instanceof TorchPickle.StorageClass cls) || !(pid.get(4) instanceof Long numel)
                || numel < 0) {
            throw new BadInputException(file, "corrupt pickle" + at
                    + ": persistent id is not ('storage', class, key, location, numel, view)");
        }
        TorchStorageType type = TorchStorageType.byClassName(cls.name()).orElseThrow(() ->
                new BadInputException(file, "unsupported storage type torch." + Text.clip(cls.name()) + at));
        TorchStorage root = roots.get(key);
        if (root == null) {
            root = new TorchStorage(key, type, numel, () -> load(key, type, numel));
            roots.put(key, root);
        } else if (root.type != type || root.numel != numel) {
            throw new BadInputException(file, "corrupt pickle" + at + ": storage '" + Text.clip(key)
                    + "' is declared twice with different types or sizes");
        }
        Object view = pid.get(5);
        if (view == null) {
            return StorageRef.whole(root);
        }
        if (view instanceof PyTuple v && v.size() == 3 && v.get(1) instanceof Long off && v.get(2) instanceof Long size
                && off >= 0 && size >= 0 && off <= numel - size) {
            return new StorageRef(root, off, size);
        }
        throw new BadInputException(file, "corrupt pickle" + at + ": bad view of storage '" + Text.clip(key)
                + "' (expected (key, offset, size) inside its " + numel + " elements)");
    }

    private ByteBuffer load(String key, TorchStorageType type, long numel) {
        long[] loc = where.get(key);
        if (loc == null) {
            throw new BadInputException(file, "corrupt: storage '" + Text.clip(key)
                    + "' is used by a tensor but not stored in the file");
        }
        if (loc[1] < numel) {
            throw new BadInputException(file, "corrupt: storage '" + Text.clip(key) + "' holds " + loc[1]
                    + " elements, its tensors were declared on " + numel);
        }
        long nbytes = numel * type.elementSize;
        if (nbytes > Streams.MAX_BUFFER) {
            throw new BadInputException(file, "storage '" + Text.clip(key) + "' holds " + nbytes
                    + " bytes; storages over 2 GiB are not supported");
        }
        try {
            return Streams.readAt(ch, loc[0], nbytes);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read storage '" + Text.clip(key) + "': " + e.getMessage(), e);
        }
    }

    /** Keys are str in Python 3 and byte strings (decoded latin-1 by the reader) in Python 2. */
    private static String keyString(Object k) {
        if (k instanceof String s) {
            return s;
        }
        return k instanceof PyBytes b ? b.latin1() : null;
    }
}
