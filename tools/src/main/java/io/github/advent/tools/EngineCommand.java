package io.github.advent.tools;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import io.github.advent.entropy.io.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code advent engine}: which libtorch DJL loaded, from where, and the GPUs it sees. */
@Command(name = "engine",
        header = "Show the PyTorch engine: libtorch version and folder, flavour, GPUs.",
        description = {"Loads DJL's PyTorch engine as every command does and says what it found. The built-in natives"
                + " are libtorch 2.7.1 for the CPU; ADVENT_LIBTORCH=DIR (a CUDA libtorch 2.7.1 lib/ folder) runs on"
                + " that one instead, and './advent gpu-setup' (online, once) lets DJL download its CUDA build into"
                + " ~/.djl.ai first."},
        footer = {"  advent engine", "  ADVENT_LIBTORCH=$HOME/venv/lib/python3.11/site-packages/torch/lib advent engine --json"})
public final class EngineCommand extends AdventCommand {
    @Option(names = "--json", description = "print the facts as one JSON object on stdout")
    boolean json;

    @Option(names = "--setup", hidden = true, description = "run by './advent gpu-setup': say where the download went")
    boolean setup;

    @Override
    public Integer call() {
        Engine engine = Engine.getEngine("PyTorch");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("djl", Engine.getDjlVersion());
        facts.put("pytorch", engine.getVersion());
        facts.put("library_path", LibUtils.getLibtorchPath());
        facts.put("flavor", String.valueOf(System.getenv("PYTORCH_FLAVOR") == null ? "cpu (built-in natives)"
                : System.getenv("PYTORCH_FLAVOR")));
        facts.put("gpus", engine.getGpuCount());
        facts.put("default_device", engine.defaultDevice().toString());
        PrintWriter out = out();
        if (json) {
            out.println(Json.COMPACT.toJson(facts));
        } else {
            facts.forEach((key, value) -> out.println(key + ": " + value));
        }
        out.flush();
        if (setup) {
            PrintWriter err = err();
            err.println(engine.getGpuCount() > 0
                    ? "advent: CUDA libtorch ready; run with ADVENT_LIBTORCH=" + LibUtils.getLibtorchPath()
                    : "advent: libtorch is in " + LibUtils.getLibtorchPath() + " but it sees no GPU (a CPU build, or no"
                            + " CUDA driver); ADVENT_LIBTORCH needs a CUDA build");
            err.flush();
        }
        return ExitCodes.OK;
    }
}
