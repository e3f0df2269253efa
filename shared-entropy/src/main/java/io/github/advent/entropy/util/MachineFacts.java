package io.github.advent.entropy.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a result depends on beyond its inputs: the same seed trains to different numbers on CPUs of different kinds
 * (oneDNN picks its kernels, and with them the rounding, by the instruction set it finds), so every run.json,
 * report.json and bench JSON records the machine. Bit-identical results are promised on one machine only.
 *
 * @param cpu the CPU's model name ({@code /proc/cpuinfo}), or the architecture where that is not readable
 * @param cpuIsa the widest oneDNN instruction set the CPU has ({@code AVX512_CORE_BF16}, {@code AVX2}, ...)
 * @param onednnMaxCpuIsa {@code ONEDNN_MAX_CPU_ISA} as set for this process, or {@code null}
 * @param onednnIsa the instruction set oneDNN runs with: the CPU's, capped by {@code ONEDNN_MAX_CPU_ISA}
 * @param threads libtorch's intra-op threads
 * @param libtorch libtorch's version
 * @param djl DJL's version
 */
public record MachineFacts(String cpu, String cpuIsa, String onednnMaxCpuIsa, String onednnIsa, int threads,
        String libtorch, String djl) {

    /** oneDNN's x64 instruction sets, narrowest first (its {@code ONEDNN_MAX_CPU_ISA} values). */
    static final List<String> ISAS = List.of("SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX512_CORE", "AVX512_CORE_VNNI",
            "AVX512_CORE_BF16", "AVX512_CORE_AMX");

    private static volatile MachineFacts current;

    /** This process's machine (read once). */
    public static MachineFacts current() {
        MachineFacts facts = current;
        if (facts == null) {
            Optional<String> cpuinfo = read(Path.of("/proc/cpuinfo"));
            String cpu = cpuinfo.flatMap(text -> field(text, "model name")).orElse(System.getProperty("os.arch"));
            String cpuIsa = cpuinfo.flatMap(text -> field(text, "flags")).map(MachineFacts::widestIsa).orElse("unknown");
            String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
            String libtorch = engineVersion(); // loads libtorch, which the thread count asks
            facts = new MachineFacts(cpu, cpuIsa, cap, effectiveIsa(cpuIsa, cap), libtorchThreads(), libtorch, djlVersion());
            current = facts;
        }
        return facts;
    }

    /** The facts as a JSON-ready map, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu);
        m.put("cpu_isa", cpuIsa);
        m.put("onednn_max_cpu_isa", onednnMaxCpuIsa);
        m.put("onednn_isa", onednnIsa);
        m.put("threads", threads);
        m.put("libtorch", libtorch);
        m.put("djl", djl);
        return m;
    }

    /** One line for logs and reports: {@code AMD EPYC 9R14, oneDNN AVX2 (of AVX512_CORE_BF16), 2 threads, libtorch 2.7.1, DJL 0.36.0}. */
    public String describe() {
        return cpu + ", oneDNN " + onednnIsa + (onednnIsa.equals(cpuIsa) ? "" : " (of " + cpuIsa + ")") + ", " + threads
                + " thread" + (threads == 1 ? "" : "s") + ", libtorch " + libtorch + ", DJL " + djl;
    }

    /** The widest oneDNN instruction set a {@code /proc/cpuinfo} flags line offers. */
    static String widestIsa(String flags) {
        Set<String> f = Set.copyOf(Arrays.asList(flags.trim().toLowerCase(Locale.ROOT).split("\\s+")));
        boolean avx512Core = f.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
        if (avx512Core && f.containsAll(List.of("amx_tile", "amx_bf16"))) {
            return "AVX512_CORE_AMX";
        }
        if (avx512Core && f.contains("avx512_bf16")) {
            return "AVX512_CORE_BF16";
        }
        if (avx512Core && f.contains("avx512_vnni")) {
            return "AVX512_CORE_VNNI";
        }
        if (avx512Core) {
            return "AVX512_CORE";
        }
        if (f.contains("avx2") && f.contains("avx_vnni")) {
            return "AVX2_VNNI";
        }
        return f.contains("avx2") ? "AVX2" : f.contains("avx") ? "AVX" : f.contains("sse4_1") ? "SSE41" : "none";
    }

    /** The CPU's set capped by {@code ONEDNN_MAX_CPU_ISA} (unset, {@code ALL} or unknown: no cap). */
    static String effectiveIsa(String cpuIsa, String cap) {
        int has = ISAS.indexOf(cpuIsa);
        int max = cap == null ? -1 : ISAS.indexOf(cap.trim().toUpperCase(Locale.ROOT));
        return has < 0 || max < 0 || has <= max ? cpuIsa : ISAS.get(max);
    }

    static Optional<String> field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String engineVersion() {
        try {
            return ai.djl.engine.Engine.getEngine("PyTorch").getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    private static int libtorchThreads() {
        try {
            return ai.djl.pytorch.jni.JniUtils.getNumThreads();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static String djlVersion() {
        try {
            return ai.djl.engine.Engine.getDjlVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
