package org.dqnspark.trainer.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dqnspark.core.store.Transition;

/**
 * One partition's share of the replay window, held compactly: every frame once, as uint8, in a
 * {@link FrameStore}, plus 7 bytes of scalars per transition. Raw, 1,000,000 Atari transitions take
 * 7.056 GB of frames and 7 MB of scalars, about 6.58 GiB — what simple_dqn needs for the same window
 * (its 6.57 GiB of screens plus 6 MB of actions, rewards and terminals); compressed (the default), a
 * fraction of that (bench/replay-memory.sh).
 *
 * <p>Transitions are appended in episode order (an episode's steps contiguous and in order). A state
 * is rebuilt when sampled: the state before step t is the frames of steps t-h+1 .. t of its episode,
 * repeating the episode's first frame before step 0 (the store's convention, {@code EpisodeFrames});
 * the state after it ends with the next step's frame, or with the stored {@code next_frame} at the end
 * of an episode segment. No state ever takes a frame from another episode. After a game over the next
 * state is never used (its value is multiplied by zero), so its frame is not kept.
 *
 * <p>An index is valid for sampling when every frame of the state before it is in the buffer (an
 * episode whose first steps fell out of the window is usable only from its h-th stored step on) and
 * the observation after it is known.
 */
public final class ReplayBuffer {
    private static final byte GAME_OVER = 1;
    private static final byte LIFE_LOST = 2;
    private static final byte TRUNCATED = 4;
    /** Every frame of the state before this transition is stored. */
    private static final byte HISTORY_STORED = 8;
    /** The episode's next step is the next slot (its frame is the observation after this one). */
    private static final byte NEXT_STORED = 16;
    /** A person played it ({@code source = human}): a demonstration, for DQfD. */
    private static final byte DEMONSTRATION = 32;

    private final int capacity;
    private final int frameBytes;
    private final int historyLength;

    /** Frame of transition i (its observation) at slot i. */
    private final FrameStore frames;
    /** Observations after episode segments' last steps (other than game overs), in a store of their own. */
    private final FrameStore nextFrames;
    /** Transition -> its slot in {@link #nextFrames}. */
    private final Map<Integer, Integer> nextFrameSlots = new HashMap<>();
    /** min(steps stored before this one in its episode, h - 1): 0 marks an episode segment's start. */
    private final byte[] back;
    private final byte[] action;
    private final float[] reward;
    private final byte[] flags;
    private int size;
    /** The valid indices of demonstrations and of the agent's own play, made when first sampled by kind. */
    private int[] validDemonstrations;
    private int[] validOwnPlay;

    private long episodeId = Long.MIN_VALUE;
    private int step;
    private int firstStoredStep;

    /** A buffer of raw frames. */
    public ReplayBuffer(int capacity, int frameBytes, int historyLength) {
        this(capacity, frameBytes, historyLength, RawFrames.NAME);
    }

    /**
     * @param frameForm {@code raw} or {@code compressed} ({@link FrameStore#of})
     */
    public ReplayBuffer(int capacity, int frameBytes, int historyLength, String frameForm) {
        if (historyLength < 1 || historyLength > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("history length " + historyLength);
        }
        this.capacity = capacity;
        this.frameBytes = frameBytes;
        this.historyLength = historyLength;
        this.frames = FrameStore.of(frameForm, capacity, frameBytes);
        this.nextFrames = FrameStore.of(frameForm, 0, frameBytes);
        this.back = new byte[capacity];
        this.action = new byte[capacity];
        this.reward = new float[capacity];
        this.flags = new byte[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Appends one stored transition.
     *
     * @throws IllegalStateException when full
     * @throws IllegalArgumentException when it does not continue its episode in order
     */
    public void add(Transition t) {
        if (size == capacity) {
            throw new IllegalStateException("replay buffer full (" + capacity + " transitions)");
        }
        if (t.frame().length != frameBytes) {
            throw new IllegalArgumentException("frame of " + t.frame().length + " bytes, expected " + frameBytes);
        }
        boolean continues = t.episodeId() == episodeId;
        if (continues && t.episodeStep() != step + 1) {
            throw new IllegalArgumentException("episode " + t.episodeId() + ": step " + t.episodeStep() + " after step "
                    + step + "; transitions must come in episode order");
        }
        if (!continues) {
            firstStoredStep = t.episodeStep();
        }
        int i = size++;
        if (continues && i > 0) {
            flags[i - 1] |= NEXT_STORED;
        }
        int storedBefore = t.episodeStep() - firstStoredStep;
        back[i] = (byte) Math.min(storedBefore, historyLength - 1);
        boolean historyStored = firstStoredStep == 0 || storedBefore >= historyLength - 1;
        flags[i] = (byte) ((t.gameOver() ? GAME_OVER : 0) | (t.lifeLost() ? LIFE_LOST : 0)
                | (t.truncated() ? TRUNCATED : 0) | (historyStored ? HISTORY_STORED : 0)
                | (Transition.SOURCE_HUMAN.equals(t.source()) ? DEMONSTRATION : 0));
        action[i] = (byte) t.action();
        reward[i] = t.reward();
        frames.append(t.frame());
        if (t.nextFrame() != null && !t.gameOver()) {
            nextFrameSlots.put(i, nextFrameSlots.size());
            nextFrames.append(t.nextFrame());
        }
        episodeId = t.episodeId();
        step = t.episodeStep();
        validDemonstrations = null;
        validOwnPlay = null;
    }

    /** Every frame of the state before {@code i} is stored, and so is the observation after it. */
    public boolean isValid(int i) {
        if (i < 0 || i >= size || (flags[i] & HISTORY_STORED) == 0) {
            return false;
        }
        // Not back[i + 1] != 0: with a history of one frame (MinAtar) back is always 0.
        return gameOver(i) || nextFrameSlots.containsKey(i) || (flags[i] & NEXT_STORED) != 0;
    }

    /** A uniformly random valid index (rejection sampling, as simple_dqn's). */
    public int sampleValidIndex(SplittableRandom random) {
        for (int attempt = 0; attempt < 1_000_000; attempt++) {
            int i = random.nextInt(size);
            if (isValid(i)) {
                return i;
            }
        }
        throw new IllegalStateException("no valid transition among " + size);
    }

    /**
     * A uniformly random valid index among the demonstrations ({@code demonstration}) or among the rest; the
     * buffer must hold one ({@link #validCount(boolean)}).
     */
    public int sampleValidIndex(SplittableRandom random, boolean demonstration) {
        int[] valid = validOf(demonstration);
        if (valid.length == 0) {
            throw new IllegalStateException("no valid " + (demonstration ? "demonstration" : "transition of the agent's")
                    + " among " + size);
        }
        return valid[random.nextInt(valid.length)];
    }

    /** How many indices are valid for sampling among the demonstrations ({@code demonstration}) or the rest. */
    public int validCount(boolean demonstration) {
        return validOf(demonstration).length;
    }

    private int[] validOf(boolean demonstration) {
        if (validDemonstrations == null) {
            validDemonstrations = java.util.stream.IntStream.range(0, size)
                    .filter(i -> isValid(i) && isDemonstration(i)).toArray();
            validOwnPlay = java.util.stream.IntStream.range(0, size)
                    .filter(i -> isValid(i) && !isDemonstration(i)).toArray();
        }
        return demonstration ? validDemonstrations : validOwnPlay;
    }

    /** A person played transition i ({@code source = human}). */
    public boolean isDemonstration(int i) {
        return (flags[i] & DEMONSTRATION) != 0;
    }

    /**
     * The last step of valid transition i's n-step return: i + k - 1 for the largest k &lt;= n such that steps
     * i .. i + k - 1 follow each other in one stored episode segment, none but the last ends the bootstrap
     * ({@code endsBootstrap}: a game over, or a lost life when that counts as terminal), and the observation
     * after the last one is known (so {@link #stateAfter} works on it).
     */
    public int nStepEnd(int i, int n, boolean lifeLossTerminal) {
        int last = i;
        for (int k = 1; k < n; k++) {
            boolean endsBootstrap = gameOver(last) || (lifeLossTerminal && lifeLost(last));
            if (endsBootstrap || (flags[last] & NEXT_STORED) == 0 || !isValid(last + 1)) {
                break;
            }
            last++;
        }
        return last;
    }

    public int action(int i) {
        return action[i];
    }

    /** Raw (unclipped) reward. */
    public float reward(int i) {
        return reward[i];
    }

    public boolean gameOver(int i) {
        return (flags[i] & GAME_OVER) != 0;
    }

    public boolean lifeLost(int i) {
        return (flags[i] & LIFE_LOST) != 0;
    }

    public boolean truncated(int i) {
        return (flags[i] & TRUNCATED) != 0;
    }

    /** Writes the state before valid transition i (h frames, oldest first) into {@code out} at {@code offset}. */
    public void stateBefore(int i, byte[] out, int offset) {
        for (int k = 0; k < historyLength; k++) {
            copyObservation(i, historyLength - 1 - k, out, offset + k * frameBytes);
        }
    }

    /**
     * Writes the state after valid transition i into {@code out} at {@code offset}. After a game over the
     * newest frame is i's own (the value of that state is never used).
     */
    public void stateAfter(int i, byte[] out, int offset) {
        for (int k = 0; k < historyLength - 1; k++) {
            copyObservation(i, historyLength - 2 - k, out, offset + k * frameBytes);
        }
        copyNextObservation(i, out, offset + (historyLength - 1) * frameBytes);
    }

    /**
     * {@link #stateBefore} and {@link #stateAfter} of valid transition i at once: the h - 1 frames the two
     * share are read once and copied, which halves the frames to decompress per sample.
     */
    public void statesAround(int i, byte[] before, int beforeOffset, byte[] after, int afterOffset) {
        stateBefore(i, before, beforeOffset);
        int shared = (historyLength - 1) * frameBytes;
        System.arraycopy(before, beforeOffset + frameBytes, after, afterOffset, shared);
        copyNextObservation(i, after, afterOffset + shared);
    }

    /** The observation after i: the stored next frame, the next step's, or i's own after a game over. */
    private void copyNextObservation(int i, byte[] out, int offset) {
        Integer slot = nextFrameSlots.get(i);
        if (slot != null) {
            nextFrames.copy(slot, out, offset);
        } else {
            copyFrame(gameOver(i) ? i : i + 1, out, offset);
        }
    }

    /** Heap bytes of the frames, the scalars and the next-frame index (about 40 bytes per entry). */
    public long bytesInMemory() {
        return frames.bytesInMemory() + nextFrames.bytesInMemory() + 40L * nextFrameSlots.size()
                + (long) back.length * (1 + 1 + 4 + 1);
    }

    /** The observation {@code stepsBack} steps before i's, the episode's first stored frame at most. */
    private void copyObservation(int i, int stepsBack, byte[] out, int offset) {
        copyFrame(i - Math.min(stepsBack, back[i]), out, offset);
    }

    private void copyFrame(int slot, byte[] out, int offset) {
        frames.copy(slot, out, offset);
    }

    /** A copy of the state before i. */
    public byte[] stateBefore(int i) {
        byte[] out = new byte[historyLength * frameBytes];
        stateBefore(i, out, 0);
        return out;
    }

    /** A copy of the state after i. */
    public byte[] stateAfter(int i) {
        byte[] out = new byte[historyLength * frameBytes];
        stateAfter(i, out, 0);
        return out;
    }

    /** How many indices are valid for sampling. */
    public int validCount() {
        int valid = 0;
        for (int i = 0; i < size; i++) {
            if (isValid(i)) {
                valid++;
            }
        }
        return valid;
    }

    /** The valid indices, in order (for tests and inspection). */
    public List<Integer> validIndices() {
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (isValid(i)) {
                valid.add(i);
            }
        }
        return valid;
    }
}
