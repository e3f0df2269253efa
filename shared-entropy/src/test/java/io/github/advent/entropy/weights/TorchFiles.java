package io.github.advent.entropy.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Wraps a hand-made object pickle into the two PyTorch checkpoint layouts. */
final class TorchFiles {
    private TorchFiles() {}

    /** One storage of a legacy stream: its element size and raw little-endian bytes. */
    record Stored(int elementSize, byte[] data) {}

    /**
     * A legacy stream: magic, version, sys_info, the object pickle, the key list (Python 2 byte
     * strings, as 0.4-era files have), then each storage as int64 element count + bytes.
     */
    static byte[] legacy(byte[] objectPickle, LinkedHashMap<String, Stored> storages) {
        return legacy(objectPickle, storages, true);
    }

    static byte[] legacy(byte[] objectPickle, LinkedHashMap<String, Stored> storages, boolean littleEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PickleBuilder.proto2().long1(TorchLegacyReader.MAGIC).stop().bytes());
        out.writeBytes(PickleBuilder.proto2().integer(1001).stop().bytes());
        out.writeBytes(PickleBuilder.proto2().op('}').shortBinstring("little_endian").bool(littleEndian).op('s').stop()
                .bytes());
        out.writeBytes(objectPickle);
        PickleBuilder keys = PickleBuilder.proto2().op(']').mark();
        storages.keySet().forEach(keys::shortBinstring);
        out.writeBytes(keys.op('e').stop().bytes());
        for (Stored s : storages.values()) {
            out.writeBytes(PickleBuilder.le(s.data().length / s.elementSize(), 8));
            out.writeBytes(s.data());
        }
        return out.toByteArray();
    }

    /** A zip checkpoint: archive/data.pkl, archive/data/KEY, archive/version, stored like torch does. */
    static void zip(Path file, byte[] dataPkl, Map<String, byte[]> storages) throws IOException {
        try (OutputStream f = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(f)) {
            stored(zip, "archive/data.pkl", dataPkl);
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                stored(zip, "archive/data/" + e.getKey(), e.getValue());
            }
            stored(zip, "archive/version", "3\n".getBytes());
        }
    }

    static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
