package io.github.advent.entropy.testing;

import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.GradMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base for tests that use NDArrays: a fresh manager per test, autograd off on the test thread. */
public abstract class ManagedTest {
    protected NDManager manager;

    @BeforeEach
    void openManager() {
        GradMode.disableOnThisThread();
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }
}
