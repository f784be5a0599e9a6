package org.dqnspark.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** PyTorch's DQN update of the same network and batch: bench/torch_dqn_update.py, the peer we measure against. */
final class TorchPeer {
    private static final String RESULT = "torch_update_ms=";

    private TorchPeer() {
    }

    /**
     * PyTorch's median seconds per update, from the peer script in a fresh /usr/bin/python3 started from
     * {@code builder} (with its environment).
     */
    static double updateSeconds(ProcessBuilder builder, Path script, int threads, int updates)
            throws IOException, InterruptedException {
        Process process = builder.command("/usr/bin/python3", script.toString(), "--threads", String.valueOf(threads),
                "--updates", String.valueOf(updates), "--batch", String.valueOf(DqnUpdateTimer.BATCH), "--actions",
                String.valueOf(DqnUpdateTimer.ACTIONS)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null || !line.startsWith(RESULT)) {
            throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + line);
        }
        return Double.parseDouble(line.substring(RESULT.length(), line.indexOf(' '))) / 1e3;
    }
}
