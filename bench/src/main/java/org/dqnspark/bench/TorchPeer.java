package org.dqnspark.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PyTorch's DQN update of the same network and batch, the peer we measure against: bench/torch_dqn_update.py
 * (the Nature network) and bench/torch_minatar_update.py (MinAtar's), each in a fresh /usr/bin/python3.
 */
final class TorchPeer {
    private static final String RESULT = "torch_update_ms=";
    private static final Pattern MINATAR = Pattern.compile("torch_update_ms=(\\S+) torch_forward1_ms=(\\S+) .*");

    /** PyTorch's MinAtar update and batch-1 policy forward, in milliseconds. */
    record MinAtar(double updateMs, double forward1Ms) {
    }

    private TorchPeer() {
    }

    /**
     * PyTorch's median seconds per Nature update, from the peer script in a fresh /usr/bin/python3 started from
     * {@code builder} (with its environment).
     */
    static double updateSeconds(ProcessBuilder builder, Path script, int threads, int updates)
            throws IOException, InterruptedException {
        String line = run(builder, script, List.of("--threads", String.valueOf(threads), "--updates",
                String.valueOf(updates), "--batch", String.valueOf(DqnUpdateTimer.BATCH), "--actions",
                String.valueOf(DqnUpdateTimer.ACTIONS)));
        if (!line.startsWith(RESULT)) {
            throw new IllegalStateException(script + " printed " + line);
        }
        return Double.parseDouble(line.substring(RESULT.length(), line.indexOf(' '))) / 1e3;
    }

    /** PyTorch's MinAtar update (median of {@code updates}) and batch-1 forward, on {@code threads} threads. */
    static MinAtar minAtar(Path script, int threads, int updates, int batch, int channels, int actions)
            throws IOException, InterruptedException {
        String line = run(new ProcessBuilder(), script, List.of("--threads", String.valueOf(threads), "--updates",
                String.valueOf(updates), "--batch", String.valueOf(batch), "--channels", String.valueOf(channels),
                "--actions", String.valueOf(actions)));
        Matcher m = MINATAR.matcher(line);
        if (!m.matches()) {
            throw new IllegalStateException(script + " printed " + line);
        }
        return new MinAtar(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }

    /** The first line {@code script} prints; its errors go to ours. */
    private static String run(ProcessBuilder builder, Path script, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(arguments);
        Process process = builder.command(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null) {
            throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + line);
        }
        return line;
    }
}
