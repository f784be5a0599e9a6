package org.dqnspark.trainer.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dqnspark.core.UserError;
import org.junit.jupiter.api.Test;

/** The replay window's memory, judged before a run starts against the launcher's default 8 GB heap. */
class ReplayMemoryEstimateTest {
    private static final long EIGHT_GB = 8L << 30;
    private static final int ATARI_FRAME = 84 * 84;

    @Test
    void naturesMillionTransitionsFitTheDefaultHeapCompressed() {
        assertTrue(ReplayMemoryEstimate.of(1_000_000, "compressed", ATARI_FRAME, EIGHT_GB).fits());
    }

    @Test
    void theRawWindowThatDiedAtSixHundredThousandTransitionsIsRefusedWithItsNumbersAndWhatToChange() {
        ReplayMemoryEstimate raw = ReplayMemoryEstimate.of(600_000, "raw", ATARI_FRAME, EIGHT_GB);
        assertFalse(raw.fits());
        String message = assertThrows(UserError.class, raw::check).getMessage();
        assertTrue(message.contains("600,000 transitions (dqn.train.replay-size) x 7,071 bytes each")
                && message.contains("only 2.48 GB of cached data safe from eviction in this 8.6 GB heap")
                && message.contains("dqn.train.replay-frames = compressed")
                && message.contains("DQN_JAVA_OPTS=-Xmx"), message);
    }
}
