package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** numpy's .npz: a zip (stored or deflated) of {@code <name>.npy} arrays, in archive order. */
final class NpzReader {
    private NpzReader() {}

    static LinkedHashMap<String, TensorData> read(Path file, ZipFile zip) {
        LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                continue;
            }
            String name = e.getName().substring(0, e.getName().length() - ".npy".length());
            if (out.containsKey(name)) {
                throw new BadInputException(file, "corrupt: the archive holds '" + Text.clip(e.getName()) + "' twice");
            }
            try (InputStream in = zip.getInputStream(e)) {
                out.put(name, NpyReader.read(file, name, in, e.getSize()));
            } catch (IOException ex) {
                throw new BadInputException(file, "corrupt: cannot read archive entry " + Text.clip(e.getName()) + " ("
                        + ex.getMessage() + ")", ex);
            }
        }
        return out;
    }
}
