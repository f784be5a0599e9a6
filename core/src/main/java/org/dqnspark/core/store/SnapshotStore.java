package org.dqnspark.core.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dqnspark.core.UserError;
import org.dqnspark.core.network.QNetworks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainer's snapshots, {@code <run>/snapshots/<epoch>.zip}: the only thing the collector and the
 * evaluator read from the trainer. Each zip holds DL4J's model files (configuration, parameters and
 * the optimizer's state, so training resumes exactly) and entries of ours: its format and the game it was
 * trained on ({@link SnapshotHeader}), the settings it was trained with ({@value #SETTINGS_ENTRY}), its counters
 * ({@value #COUNTERS_ENTRY}) and the target network's parameters ({@value #TARGET_ENTRY}).
 * A snapshot is written to staging and renamed into place, so a reader never sees half of one.
 */
public final class SnapshotStore {
    public static final String SETTINGS_ENTRY = "dqn/settings.conf";
    public static final String COUNTERS_ENTRY = "dqn/counters.properties";
    public static final String TARGET_ENTRY = "dqn/target-parameters.bin";

    private final RunStore store;

    public SnapshotStore(RunStore store) {
        this.store = store;
    }

    public Path path(int epoch) {
        return new Path(store.layout().snapshots(), epoch + ".zip");
    }

    /** The snapshot of {@code epoch} as tables, reports and messages name it: {@code epoch-<n>}. */
    public static String epochName(int epoch) {
        return "epoch-" + epoch;
    }

    /** The epoch of a snapshot file named {@code <epoch>.zip}; empty for any other name. */
    /** The epoch a snapshot file's name ({@code <epoch>.zip}) gives, if it is one. */
    public static Optional<Integer> epochOf(String fileName) {
        return fileName.matches("\\d+\\.zip")
                ? Optional.of(Integer.parseInt(fileName.substring(0, fileName.length() - ".zip".length())))
                : Optional.empty();
    }

    /** Epochs that have a snapshot, ascending. */
    public List<Integer> epochs() {
        List<Integer> epochs = new ArrayList<>();
        Path dir = store.layout().snapshots();
        if (!store.exists(dir)) {
            return epochs;
        }
        try {
            for (FileStatus status : store.fileSystem().listStatus(dir)) {
                epochOf(status.getPath().getName()).ifPresent(epochs::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        epochs.sort(null);
        return epochs;
    }

    public Optional<Integer> latestEpoch() {
        List<Integer> epochs = epochs();
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /**
     * Removes the snapshots after {@code epoch} and their rows of the {@code training} table: for undoing a
     * train stage that did not complete (the cycle job).
     */
    public void discardAfter(int epoch) {
        for (int e : epochs()) {
            if (e > epoch) {
                store.delete(path(e));
            }
        }
        Path training = store.layout().training();
        if (store.exists(training)) {
            try {
                for (FileStatus status : store.fileSystem().listStatus(training)) {
                    String name = status.getPath().getName();
                    if (name.matches("epoch=\\d+") && Integer.parseInt(name.substring(6)) > epoch) {
                        store.delete(status.getPath());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + training, e);
            }
        }
    }

    /**
     * Writes the snapshot of {@code epoch} atomically: the online network with its optimizer state, the
     * target network's parameters, the settings and the counters.
     */
    public void write(int epoch, MultiLayerNetwork network, INDArray targetParameters, String settings,
                      SnapshotCounters counters) {
        try (StagedCommit commit = store.beginCommit("snapshot")) {
            stage(commit, epoch, network, targetParameters, settings, counters);
            commit.commit();
        }
    }

    /**
     * Writes the snapshot of {@code epoch} into {@code commit}'s staging and adds its rename as the commit's
     * commit point (an epoch exists when its snapshot does); the caller may add more and commits.
     */
    public void stage(StagedCommit commit, int epoch, MultiLayerNetwork network, INDArray targetParameters,
                      String settings, SnapshotCounters counters) {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, model, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network", e);
        }
        Path staged = commit.stage(epoch + ".zip");
        writeZip(staged, model.toByteArray(), targetParameters, settings, counters);
        commit.renameAsCommitPoint(staged, path(epoch));
    }

    private void writeZip(Path staged, byte[] model, INDArray targetParameters, String settings,
                          SnapshotCounters counters) {
        try (OutputStream file = store.fileSystem().create(staged, false);
             ZipOutputStream zip = new ZipOutputStream(file);
             ZipInputStream dl4j = new ZipInputStream(new ByteArrayInputStream(model))) {
            for (ZipEntry entry = dl4j.getNextEntry(); entry != null; entry = dl4j.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                dl4j.transferTo(zip);
                zip.closeEntry();
            }
            // Before the counters, which readCounters reads up to.
            putText(zip, SnapshotHeader.ENTRY, SnapshotHeader.text(store.game()));
            putText(zip, SETTINGS_ENTRY, settings);
            putText(zip, COUNTERS_ENTRY, counters.toProperties());
            zip.putNextEntry(new ZipEntry(TARGET_ENTRY));
            DataOutputStream data = new DataOutputStream(zip);
            Nd4j.write(targetParameters, data);
            data.flush();
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + staged, e);
        }
    }

    private static void putText(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /**
     * Reads the snapshot of {@code epoch}.
     *
     * @throws UserError when it does not exist or cannot be read, naming the file
     */
    public Snapshot read(int epoch) {
        Path path = path(epoch);
        if (!store.exists(path)) {
            throw new UserError("No snapshot " + path + "; the run has " + (epochs().isEmpty() ? "none"
                    : "epochs " + epochs()) + ". Train the run (dqn train) or name an existing epoch.");
        }
        byte[] bytes;
        try (InputStream in = store.fileSystem().open(path)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UserError("Cannot read snapshot " + path + ": " + e.getMessage() + "\n" + setAside(store.layout())
                    + "; the run then resumes from the snapshot before.", e);
        }
        try {
            String settings = null;
            String counters = null;
            INDArray target = null;
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().equals(SnapshotHeader.ENTRY)) {
                        SnapshotHeader.parse(path, new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    } else if (entry.getName().equals(SETTINGS_ENTRY)) {
                        settings = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    } else if (entry.getName().equals(COUNTERS_ENTRY)) {
                        counters = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    } else if (entry.getName().equals(TARGET_ENTRY)) {
                        target = Nd4j.read(new DataInputStream(new ByteArrayInputStream(zip.readAllBytes())));
                    }
                }
            }
            if (settings == null || counters == null || target == null) {
                throw new IOException("it lacks " + SETTINGS_ENTRY + ", " + COUNTERS_ENTRY + " or " + TARGET_ENTRY);
            }
            // After the format is known to be one this version reads.
            MultiLayerNetwork network = QNetworks.restore(new ByteArrayInputStream(bytes), true);
            return new Snapshot(epoch, network, target, settings, SnapshotCounters.fromProperties(counters));
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError("Damaged snapshot " + path + ": " + e.getMessage()
                    + "\n" + setAside(store.layout()) + "; the run then resumes from the snapshot before.", e);
        }
    }

    /**
     * The counters of the snapshot file at {@code path}, without loading its network: the zip is read
     * only up to its counters entry (the snapshots view reads them for every snapshot of a store).
     *
     * @throws UserError when the file cannot be read or has no counters, naming it
     */
    public static SnapshotCounters readCounters(Path path, org.apache.hadoop.conf.Configuration hadoop) {
        try (ZipInputStream zip = new ZipInputStream(path.getFileSystem(hadoop).open(path))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(SnapshotHeader.ENTRY)) {
                    SnapshotHeader.parse(path, new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                } else if (entry.getName().equals(COUNTERS_ENTRY)) {
                    return SnapshotCounters.fromProperties(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            throw new IOException("it lacks " + COUNTERS_ENTRY);
        } catch (IOException e) {
            throw new UserError("Damaged snapshot " + path + ": " + e.getMessage()
                    + "\nSet it aside with dqn store check --store <store> --run <run> --repair.", e);
        }
    }

    private static String setAside(RunLayout run) {
        return "Set it aside with dqn store check --store " + run.store() + " --run " + run.run() + " --repair";
    }

    /** A loaded snapshot; {@code network} is the online network, with its optimizer state. */
    public record Snapshot(int epoch, MultiLayerNetwork network, INDArray targetParameters, String settings,
                           SnapshotCounters counters) {
        public String id() {
            return epochName(epoch);
        }
    }

    /**
     * The counters a snapshot carries, enough to resume training exactly.
     *
     * @param epoch      epochs completed
     * @param updates    parameter updates done in all
     * @param agentSteps transitions in the run's store when the snapshot was made
     * @param epsilon    exploration rate of the newest transitions trained on
     * @param targetCopiedAt the update count at which the target network was last copied from the online one
     * @param trainSeconds seconds of training over the run
     */
    public record SnapshotCounters(int epoch, long updates, long agentSteps, double epsilon, long targetCopiedAt,
                                   double trainSeconds) {
        String toProperties() {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("epoch", epoch);
            values.put("updates", updates);
            values.put("agent_steps", agentSteps);
            values.put("epsilon", epsilon);
            values.put("target_copied_at", targetCopiedAt);
            values.put("train_seconds", trainSeconds);
            return PropertiesText.of(values);
        }

        static SnapshotCounters fromProperties(String text) throws IOException {
            Properties p = new Properties();
            p.load(new StringReader(text));
            try {
                return new SnapshotCounters(Integer.parseInt(p.getProperty("epoch")),
                        Long.parseLong(p.getProperty("updates")), Long.parseLong(p.getProperty("agent_steps")),
                        Double.parseDouble(p.getProperty("epsilon")), Long.parseLong(p.getProperty("target_copied_at")),
                        Double.parseDouble(p.getProperty("train_seconds")));
            } catch (RuntimeException e) {
                throw new IOException("bad counters: " + text.replace('\n', ' '), e);
            }
        }
    }
}
