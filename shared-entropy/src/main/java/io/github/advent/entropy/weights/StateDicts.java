package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an unpickled checkpoint into name -> tensor. Nested dicts ({'state_dict': {...}, 'epoch':
 * 3}) are flattened with '.'-joined keys; anything that is not a tensor or a dict is skipped.
 */
final class StateDicts {
    private static final int MAX_DEPTH = 64;

    private StateDicts() {}

    static LinkedHashMap<String, TensorData> flatten(Path file, Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new BadInputException(file, "the checkpoint holds " + TorchPickle.aTypeName(root)
                    + ", not a dict of tensors");
        }
        LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
        walk(file, "", map, out, new IdentityHashMap<>(), 0);
        return out;
    }

    private static void walk(Path file, String prefix, Map<?, ?> map, LinkedHashMap<String, TensorData> out,
            IdentityHashMap<Object, Boolean> path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BadInputException(file, "corrupt: dicts nested more than " + MAX_DEPTH + " deep");
        }
        if (path.put(map, Boolean.TRUE) != null) {
            return; // a dict that contains itself: nothing new below
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = keyName(e.getKey());
            if (key == null) {
                continue;
            }
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            Object v = e.getValue();
            if (v instanceof TensorRef t) {
                if (out.containsKey(name)) {
                    throw new BadInputException(file, "corrupt: tensor name '" + Text.clip(name)
                            + "' occurs twice after flattening nested dicts");
                }
                out.put(name, t.materialise(file, name));
            } else if (v instanceof Map<?, ?> m) {
                walk(file, name, m, out, path, depth + 1);
            }
        }
        path.remove(map);
    }

    /** Python 2 byte-string keys arrive as latin-1 Strings; bytes keys are decoded the same way. */
    private static String keyName(Object k) {
        if (k instanceof String s) {
            return s;
        } else if (k instanceof PyBytes b) {
            return b.latin1();
        } else if (k instanceof Long || k instanceof java.math.BigInteger) {
            return k.toString();
        } else if (k instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return null;
    }
}
