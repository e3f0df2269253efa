package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The unpickling policy for PyTorch state dicts: the whole allow-list lives here. A global that is
 * not on it is refused the moment it is read, before anything could call it; REDUCE and BUILD only
 * act on the allowed callables. Nothing is ever looked up by name or instantiated reflectively.
 */
final class TorchPickle implements PickleReader.Policy {

    static final String ALLOWED = "(only collections.OrderedDict, torch._utils._rebuild_tensor[_v2], "
            + "torch._utils._rebuild_parameter and torch.*Storage are allowed)";

    private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Za-z0-9_]+Storage");

    /** The allowed callables. */
    enum Callable {
        ORDERED_DICT("collections", "OrderedDict"),
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter");

        final String module;
        final String name;

        Callable(String module, String name) {
            this.module = module;
            this.name = name;
        }
    }

    /** A {@code torch.XStorage} class as a value (it only ever appears inside persistent ids). */
    record StorageClass(String name) {}

    /** collections.OrderedDict instances; kept apart from plain dicts because only they accept BUILD. */
    static final class PyOrderedDict extends LinkedHashMap<Object, Object> {}

    private final Path file;
    private final BiFunction<PyTuple, String, StorageRef> storages;

    /** @param storages resolves a ('storage', ...) persistent id; the string is " at byte N ..." for messages */
    TorchPickle(Path file, BiFunction<PyTuple, String, StorageRef> storages) {
        this.file = file;
        this.storages = storages;
    }

    @Override
    public Object global(String module, String name, String at) {
        for (Callable c : Callable.values()) {
            if (c.module.equals(module) && c.name.equals(name)) {
                return c;
            }
        }
        if (module.equals("torch") && STORAGE_CLASS.matcher(name).matches()) {
            return new StorageClass(name);
        }
        throw new BadInputException(file, "refusing to load: the pickle references " + Text.clip(module + "." + name)
                + at + ", which a PyTorch state dict never needs " + ALLOWED);
    }

    @Override
    public Object persistentLoad(Object pid, String at) {
        if (pid instanceof PyTuple t && t.size() > 0 && "storage".equals(t.get(0))) {
            return storages.apply(t, at);
        }
        if (pid instanceof PyTuple t && t.size() > 0 && "module".equals(t.get(0))) {
            throw new BadInputException(file, "refusing to load: the checkpoint pickles a whole nn.Module"
                    + " (torch.save(model)); save and load model.state_dict() instead");
        }
        throw new BadInputException(file, "corrupt pickle" + at + ": persistent id is " + aTypeName(pid)
                + ", not a ('storage', ...) tuple");
    }

    @Override
    public Object reduce(Object callable, PyTuple args, String at) {
        if (!(callable instanceof Callable c)) {
            throw new BadInputException(file, "refusing to load: the pickle calls " + aTypeName(callable) + at
                    + "; only collections.OrderedDict and torch._utils._rebuild_* may be called");
        }
        return switch (c) {
            case ORDERED_DICT -> orderedDict(args, at);
            case REBUILD_TENSOR_V2 -> rebuildTensor(args, 6, 7, at);
            case REBUILD_TENSOR -> rebuildTensor(args, 4, 4, at);
            case REBUILD_PARAMETER -> {
                // (data, requires_grad, backward_hooks): a Parameter is just its data here
                if (args.size() != 3 || !(args.get(0) instanceof TensorRef)) {
                    throw corrupt(at, "_rebuild_parameter expects (tensor, requires_grad, hooks)");
                }
                yield args.get(0);
            }
        };
    }

    @Override
    public Object build(Object target, Object state, String at) {
        // OrderedDict.__reduce__ passes the instance __dict__ (torch's _metadata) as BUILD state
        if (target instanceof PyOrderedDict && (state == null || state instanceof Map<?, ?>)) {
            return target;
        }
        throw new BadInputException(file, "refusing to load: the pickle sets the state of " + aTypeName(target)
                + at + "; only an OrderedDict's attribute dict is accepted");
    }

    /** OrderedDict() or OrderedDict(pairs); Python 2 pickles the pairs as a list of [key, value] lists. */
    private Object orderedDict(PyTuple args, String at) {
        PyOrderedDict d = new PyOrderedDict();
        if (args.size() == 0) {
            return d;
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object p : pairs) {
                Object k;
                Object v;
                if (p instanceof List<?> l && l.size() == 2) {
                    k = l.get(0);
                    v = l.get(1);
                } else if (p instanceof PyTuple t && t.size() == 2) {
                    k = t.get(0);
                    v = t.get(1);
                } else {
                    throw corrupt(at, "OrderedDict item is not a (key, value) pair");
                }
                if (k instanceof List<?> || k instanceof Map<?, ?>) {
                    throw corrupt(at, "unhashable OrderedDict key");
                }
                d.put(k, v);
            }
            return d;
        }
        throw corrupt(at, "OrderedDict called with unexpected arguments");
    }

    /** (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]]). */
    private TensorRef rebuildTensor(PyTuple args, int min, int max, String at) {
        if (args.size() < min || args.size() > max) {
            throw corrupt(at, "tensor rebuild expects " + min + (max > min ? "-" + max : "") + " arguments, got "
                    + args.size());
        }
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw corrupt(at, "tensor rebuild expects a storage, got " + aTypeName(args.get(0)));
        }
        long offset = toLong(args.get(1), at);
        long[] size = longs(args.get(2), at);
        long[] stride = longs(args.get(3), at);
        return new TensorRef(storage, offset, size, stride);
    }

    private long[] longs(Object o, String at) {
        List<?> items;
        if (o instanceof PyTuple t) {
            Object[] a = new Object[t.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = t.get(i);
            }
            items = java.util.Arrays.asList(a);
        } else if (o instanceof List<?> l) {
            items = l;
        } else {
            throw corrupt(at, "expected a tuple of ints, got " + aTypeName(o));
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(items.get(i), at);
        }
        return out;
    }

    long toLong(Object o, String at) {
        if (o instanceof Long l) {
            return l;
        }
        throw corrupt(at, "expected an int, got " + aTypeName(o));
    }

    private BadInputException corrupt(String at, String what) {
        return new BadInputException(file, "corrupt pickle" + at + ": " + what);
    }

    /** "an int", "a dict", "None": the type with its article, for messages. */
    static String aTypeName(Object o) {
        String t = typeName(o);
        return o == null ? t : ("aeiouAEIOU".indexOf(t.charAt(0)) >= 0 ? "an " : "a ") + t;
    }

    /** The Python type name of a value, for messages (never its content). */
    static String typeName(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof Boolean) {
            return "bool";
        } else if (o instanceof Long || o instanceof BigInteger) {
            return "int";
        } else if (o instanceof Double) {
            return "float";
        } else if (o instanceof String) {
            return "str";
        } else if (o instanceof PyBytes) {
            return "bytes";
        } else if (o instanceof PyTuple) {
            return "tuple";
        } else if (o instanceof List<?>) {
            return "list";
        } else if (o instanceof PyOrderedDict) {
            return "OrderedDict";
        } else if (o instanceof Map<?, ?>) {
            return "dict";
        } else if (o instanceof TensorRef) {
            return "Tensor";
        } else if (o instanceof StorageRef) {
            return "storage";
        } else if (o instanceof Callable c) {
            return c.module + "." + c.name;
        } else if (o instanceof StorageClass s) {
            return "torch." + s.name();
        }
        return o.getClass().getSimpleName();
    }
}
