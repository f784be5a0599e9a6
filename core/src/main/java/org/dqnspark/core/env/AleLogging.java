package org.dqnspark.core.env;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import org.bytedeco.ale.ALEInterface;
import org.bytedeco.javacpp.Loader;

/**
 * Keeps ALE's start-up banner ("A.L.E: Arcade Learning Environment ... Game console created ...",
 * printed to stderr by every emulator it creates) out of the user's output.
 *
 * <p>ALE 0.7 has a process-wide logger level, {@code ale::Logger::setMode}, that the JavaCPP presets do
 * not map; we call the exported C++ function directly. Should a future libale lack the symbol, the
 * banner simply shows again.
 */
final class AleLogging {
    /** {@code ale::Logger::setMode(ale::Logger::mode)}, Itanium C++ ABI name. */
    private static final String SET_MODE = "_ZN3ale6Logger7setModeENS0_4modeE";
    /** {@code ale::Logger::Error}: only errors are printed. */
    private static final int ERROR_ONLY = 2;
    private static boolean quiet;

    private AleLogging() {
    }

    static synchronized void errorsOnly() {
        if (quiet) {
            return;
        }
        quiet = true;
        try {
            String jniLibrary = Loader.load(ALEInterface.class);
            Path libale = Path.of(jniLibrary).resolveSibling("libale.so");
            NativeLibrary.getInstance(libale.toString()).getFunction(SET_MODE).invoke(Void.class,
                    new Object[] {ERROR_ONLY});
        } catch (RuntimeException | LinkageError notAvailable) {
            // The banner is cosmetic; never fail a job over it.
        }
    }
}
