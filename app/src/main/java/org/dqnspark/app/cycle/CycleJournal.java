package org.dqnspark.app.cycle;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.store.PropertiesText;
import org.dqnspark.core.store.RunStore;

/**
 * Which stages of a cycle started and which completed, as files in the run directory
 * ({@code <run>/cycle-stages/<cycle>/<stage>.started} and {@code .done}), each written atomically.
 *
 * <p>A stage writes {@code started} (with the store's state before it: the next iteration, the newest
 * epoch, the next evaluation) before it writes anything else, and {@code done} (with what it produced)
 * after its job committed. A stage found started but not done was interrupted: whatever it committed
 * after its starting point is removed and the stage runs again from that same point, so a half-finished
 * stage is redone, never half-kept. A cycle is complete when its row of the {@code cycles} table exists.
 */
final class CycleJournal {
    enum Stage {
        COLLECT, TRAIN, EVALUATE;

        String fileName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final RunStore store;

    CycleJournal(RunStore store) {
        this.store = store;
    }

    Optional<Properties> started(int cycle, Stage stage) {
        return read(file(cycle, stage, "started"));
    }

    Optional<Properties> done(int cycle, Stage stage) {
        return read(file(cycle, stage, "done"));
    }

    void markStarted(int cycle, Stage stage, Map<String, Object> values) {
        write(file(cycle, stage, "started"), values);
    }

    void markDone(int cycle, Stage stage, Map<String, Object> values) {
        write(file(cycle, stage, "done"), values);
    }

    private Path file(int cycle, Stage stage, String state) {
        return new Path(store.layout().cycleStages(cycle), stage.fileName() + "." + state);
    }

    private Optional<Properties> read(Path file) {
        return store.exists(file) ? Optional.of(store.readProperties(file)) : Optional.empty();
    }

    private void write(Path file, Map<String, Object> values) {
        store.writeTextAtomically(file, PropertiesText.of(new TreeMap<>(values)));
    }
}
