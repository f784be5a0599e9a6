package org.dqnspark.app.play;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real X server of the test's own: Xvfb on a display number it picks itself ({@code -displayfd}, so two test
 * runs or a person's desktop never collide), 24-bit colour, ended with the test. {@code .ci/run} installs xvfb.
 */
final class VirtualDisplay implements AutoCloseable {
    private final Process xvfb;
    private final String display;

    private VirtualDisplay(Process xvfb, String display) {
        this.xvfb = xvfb;
        this.display = display;
    }

    static VirtualDisplay start() throws IOException, InterruptedException {
        Process xvfb;
        try {
            xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return fail("Xvfb is not installed (apt-get install xvfb; .ci/run does): " + e.getMessage());
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = number.get(30, TimeUnit.SECONDS);
            if (line == null || !line.strip().matches("\\d+")) {
                xvfb.destroyForcibly();
                return fail("Xvfb did not start (it printed " + line + ")");
            }
            return new VirtualDisplay(xvfb, ":" + line.strip());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            xvfb.destroyForcibly();
            return fail("Xvfb did not tell its display within 30 s");
        }
    }

    /** The value of DISPLAY for programs that draw on it. */
    String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        xvfb.destroy();
        if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
            xvfb.destroyForcibly().waitFor();
        }
    }
}
