package io.github.advent.entropy.optim;

import static io.github.advent.entropy.testing.Close.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;

class OptimizerTest extends ManagedTest {
    private Parameter parameter(String name, NDArray value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(value);
        value.setRequiresGradient(true);
        return p;
    }

    /** Replays the fixture's three steps (1x and 10x groups, poly rate, gradient c + w²) and compares every step. */
    private void replay(JsonObject fixture, BiFunction<List<ParameterGroup>, NDManager, Optimizer> factory) {
        Parameter a = parameter("a", Fixtures.array(manager, fixture.getAsJsonObject("start").get("a")));
        Parameter b = parameter("b", Fixtures.array(manager, fixture.getAsJsonObject("start").get("b")));
        List<ParameterGroup> groups = List.of(
                new ParameterGroup("base", 1, List.of(new NamedParameter("a", a))),
                new ParameterGroup("heads", 10, List.of(new NamedParameter("b", b))));
        PolySchedule schedule = new PolySchedule(fixture.get("base_lr").getAsDouble(), 10, 0.9);
        try (Optimizer optimizer = factory.apply(groups, manager)) {
            for (int i = 0; i < 3; i++) {
                JsonObject step = fixture.getAsJsonArray("steps").get(i).getAsJsonObject();
                assertEquals(step.get("lr").getAsDouble(), schedule.learningRate(i), 1e-15);
                JsonObject c = fixture.getAsJsonArray("coefficients").get(i).getAsJsonObject();
                optimizer.zeroGradients();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray wa = a.getArray();
                    NDArray wb = b.getArray();
                    NDArray loss = Fixtures.array(manager, c.get("a")).mul(wa).sum()
                            .add(Scalars.div(Scalars.pow(wa, 3).sum(), 3f))
                            .add(Fixtures.array(manager, c.get("b")).mul(wb).sum())
                            .add(Scalars.div(Scalars.pow(wb, 3).sum(), 3f));
                    collector.backward(loss);
                }
                optimizer.step(schedule.learningRate(i));
                assertRelative(Fixtures.floats(step.get("a")), Fixtures.shape(step.get("a")), a.getArray(), 1e-6);
                assertRelative(Fixtures.floats(step.get("b")), Fixtures.shape(step.get("b")), b.getArray(), 1e-6);
            }
        }
    }

    @Test
    void sgdWithMomentumWeightDecayAndPolyRateGivesPyTorchNumbers() {
        JsonObject fixture = Fixtures.load("core_fixtures.json").getAsJsonObject("sgd");
        replay(fixture, (groups, m) -> new Sgd(groups, fixture.get("momentum").getAsDouble(),
                fixture.get("weight_decay").getAsDouble(), m));
    }

    @Test
    void adamGivesPyTorchNumbers() {
        JsonObject fixture = Fixtures.load("core_fixtures.json").getAsJsonObject("adam");
        replay(fixture, (groups, m) -> new Adam(groups, fixture.get("beta1").getAsDouble(),
                fixture.get("beta2").getAsDouble(), m));
    }

    @Test
    void sgdStepByHand() {
        // w = 1, g = 2, wd = 0.5 → d = 2.5; v = 2.5; w = 1 − 0.1·2.5 = 0.75
        // second step, same g: d = 2 + 0.5·0.75 = 2.375; v = 0.9·2.5 + 2.375 = 4.625; w = 0.75 − 0.1·4.625
        Parameter w = parameter("w", manager.create(new float[] {1f}));
        try (Sgd sgd = new Sgd(List.of(new ParameterGroup("all", 1, List.of(new NamedParameter("w", w)))), 0.9, 0.5, manager)) {
            for (int i = 0; i < 2; i++) {
                sgd.zeroGradients();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(Scalars.mul(w.getArray(), 2f).sum());
                }
                sgd.step(0.1);
            }
            assertEquals(0.75 - 0.1 * 4.625, w.getArray().getFloat(), 1e-7);
            assertEquals(4.625f, sgd.state().get("w.momentum_buffer").getFloat(), 1e-6);
        }
    }

    @Test
    void stateRoundTripsAndRefusesForeignNames() {
        Parameter w = parameter("w", manager.create(new float[] {1f, 2f}));
        List<ParameterGroup> groups = List.of(new ParameterGroup("all", 1, List.of(new NamedParameter("w", w))));
        try (Adam adam = new Adam(groups, 0.9, 0.99, manager); Adam copy = new Adam(groups, 0.9, 0.99, manager)) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.getArray().sum());
            }
            adam.step(0.1);
            adam.step(0.1);
            copy.loadState(adam.state());
            assertEquals(2, copy.steps());
            assertRelative(adam.state().get("w.exp_avg").toFloatArray(), copy.state().get("w.exp_avg").toFloatArray(), 0);
            NDArray stray = manager.zeros(new Shape(2));
            assertThrows(IllegalArgumentException.class, () -> copy.loadState(Map.of("step", manager.create(1L), "v.exp_avg", stray)));
            assertThrows(IllegalArgumentException.class,
                    () -> copy.loadState(Map.of("step", manager.create(1L), "w.exp_avg", manager.zeros(new Shape(3)))));
        }
    }

    @Test
    void polyScheduleDecaysToZero() {
        PolySchedule poly = new PolySchedule(2.5e-4, 250_000, 0.9);
        assertEquals(2.5e-4, poly.learningRate(0), 0);
        assertEquals(2.5e-4 * Math.pow(0.5, 0.9), poly.learningRate(125_000), 1e-18);
        assertEquals(0, poly.learningRate(250_000), 0);
        assertEquals(0, poly.learningRate(300_000), 0);
    }
}
