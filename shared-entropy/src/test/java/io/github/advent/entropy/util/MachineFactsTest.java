package io.github.advent.entropy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The machine facts every result records: the CPU's oneDNN instruction set from its flags, capped as oneDNN caps it. */
class MachineFactsTest {
    /** Flags as /proc/cpuinfo lists them (abridged) on the kinds of machine these runs meet. */
    private static final String EPYC_GENOA = "fpu sse4_1 sse4_2 avx avx2 fma avx512f avx512dq avx512bw avx512vl"
            + " avx512_vnni avx512_bf16 avx_vnni";
    private static final String XEON_SAPPHIRE = EPYC_GENOA + " amx_bf16 amx_tile amx_int8";
    private static final String SKYLAKE_SERVER = "sse4_1 avx avx2 avx512f avx512dq avx512bw avx512vl";
    private static final String HASWELL = "sse4_1 sse4_2 avx avx2 fma";

    @Test
    void theWidestInstructionSetComesFromTheFlags() {
        assertEquals("AVX512_CORE_BF16", MachineFacts.widestIsa(EPYC_GENOA));
        assertEquals("AVX512_CORE_AMX", MachineFacts.widestIsa(XEON_SAPPHIRE));
        assertEquals("AVX512_CORE", MachineFacts.widestIsa(SKYLAKE_SERVER));
        assertEquals("AVX512_CORE_VNNI", MachineFacts.widestIsa(SKYLAKE_SERVER + " avx512_vnni"));
        assertEquals("AVX2", MachineFacts.widestIsa(HASWELL));
        assertEquals("AVX2_VNNI", MachineFacts.widestIsa(HASWELL + " avx_vnni"));
        assertEquals("AVX512_CORE", MachineFacts.widestIsa("avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16x"),
                "a flag is matched whole");
        assertEquals("none", MachineFacts.widestIsa("fpu vme"));
    }

    @Test
    void onednnMaxCpuIsaCapsItAndNeverWidensIt() {
        assertEquals("AVX2", MachineFacts.effectiveIsa("AVX512_CORE_BF16", "AVX2"));
        assertEquals("AVX2", MachineFacts.effectiveIsa("AVX512_CORE_BF16", "avx2"));
        assertEquals("AVX2", MachineFacts.effectiveIsa("AVX2", "AVX512_CORE"), "a cap above the CPU's changes nothing");
        assertEquals("AVX512_CORE_BF16", MachineFacts.effectiveIsa("AVX512_CORE_BF16", null));
        assertEquals("AVX512_CORE_BF16", MachineFacts.effectiveIsa("AVX512_CORE_BF16", "ALL"));
    }

    @Test
    void cpuinfoFieldsAreReadByName() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu avx2\n";
        assertEquals(Optional.of("AMD EPYC 9R14"), MachineFacts.field(cpuinfo, "model name"));
        assertEquals(Optional.of("fpu avx2"), MachineFacts.field(cpuinfo, "flags"));
        assertEquals(Optional.empty(), MachineFacts.field(cpuinfo, "model"));
    }

    @Test
    void thisMachinesFactsAreComplete() {
        MachineFacts facts = MachineFacts.current();
        assertTrue(facts.threads() >= 1, facts::toString);
        assertTrue(facts.libtorch().matches("\\d+\\.\\d+\\.\\d+.*"), facts::toString);
        assertTrue(facts.describe().startsWith(facts.cpu() + ", oneDNN " + facts.onednnIsa()), facts::describe);
        assertEquals(MachineFacts.effectiveIsa(facts.cpuIsa(), System.getenv("ONEDNN_MAX_CPU_ISA")), facts.onednnIsa());
    }
}
