package org.dqnspark.trainer.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.learning.DemonstrationMinibatch;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.learning.MinibatchGroup;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Draws minibatches of transitions uniformly from one replay buffer (Nature's Algorithm 1: "Sample random
 * minibatch of transitions (phi_j, a_j, r_j, phi_j+1) from D"), states ready for a network taking
 * {@code format}. Sampling only: what the learner makes of them (TD targets, labels) is not its business.
 */
public final class MinibatchSampler {
    private final ReplayBuffer buffer;
    private final StateShape shape;
    private final boolean lifeLossTerminal;
    private final SplittableRandom random;
    /**
     * The arrays of the states it hands out for good (a minibatch's states, next states of its own): its user
     * gives them back when done with them ({@link StateInput.Pool#giveBack}), so that sampling reuses their memory.
     */
    private final StateInput.Pool handedOut;
    /** The next states only feed forward passes, so one buffer serves every minibatch. */
    private final StateInput.Reused nextStatesInput;
    /** Likewise the next states of a {@link MinibatchGroup}. */
    private final StateInput.Reused groupNextStatesInput;
    /** Likewise the states that n-step returns bootstrap from. */
    private final StateInput.Reused nStepStatesInput;
    /**
     * The stored bytes of states being assembled, reused from call to call (they are converted to the network's
     * floats before a call returns): a minibatch's states, its next states, a group's next states, n-step states.
     */
    private byte[] states;
    private byte[] oneAfter;
    private byte[] groupAfter;
    private byte[] nStepLast;

    /**
     * @param lifeLossTerminal a lost life ends the bootstrap (Nature's training targets; the game goes on)
     */
    public MinibatchSampler(ReplayBuffer buffer, StateShape shape, CNN2DFormat format, boolean lifeLossTerminal,
                            long seed) {
        this(buffer, shape, format, lifeLossTerminal, seed, new StateInput.Pool(shape.frame(), format));
    }

    /**
     * A sampler whose minibatches' states (and next states of their own) are arrays of {@code handedOut}, which
     * their user gives back there when done with them.
     */
    public MinibatchSampler(ReplayBuffer buffer, StateShape shape, CNN2DFormat format, boolean lifeLossTerminal,
                            long seed, StateInput.Pool handedOut) {
        this.handedOut = handedOut;
        this.buffer = buffer;
        this.shape = shape;
        this.lifeLossTerminal = lifeLossTerminal;
        this.random = new SplittableRandom(seed);
        this.nextStatesInput = new StateInput.Reused(shape.frame(), format);
        this.nStepStatesInput = new StateInput.Reused(shape.frame(), format);
        this.groupNextStatesInput = new StateInput.Reused(shape.frame(), format);
    }

    /**
     * The next {@code size} transitions, drawn with replacement. The next states' array is reused by the
     * next call.
     */
    public Minibatch next(int size) {
        int[] indices = new int[size];
        for (int j = 0; j < size; j++) {
            indices[j] = buffer.sampleValidIndex(random);
        }
        return minibatch(indices);
    }

    /**
     * The next {@code count} minibatches of {@code size} transitions, the same as {@code count} calls of
     * {@link #next(int)}, their next states back to back in one array (reused by the next call).
     */
    public MinibatchGroup next(int count, int size) {
        return next(count, size, false);
    }

    /**
     * {@link #next(int, int)}, the next states in an array of their own when {@code ownNextStates}: for minibatches
     * whose next states are valued again later (Double DQN's choice by the online network of their own update).
     */
    public MinibatchGroup next(int count, int size, boolean ownNextStates) {
        int stateBytes = shape.bytes();
        byte[] after = groupAfter = atLeast(groupAfter, count * size * stateBytes);
        List<Minibatch> withoutNextStates = new ArrayList<>(count);
        for (int m = 0; m < count; m++) {
            int[] indices = new int[size];
            for (int j = 0; j < size; j++) {
                indices[j] = buffer.sampleValidIndex(random);
            }
            withoutNextStates.add(minibatch(indices, after, m * size * stateBytes));
        }
        INDArray nextStates = input(after, count * size, ownNextStates, groupNextStatesInput);
        List<Minibatch> minibatches = new ArrayList<>(count);
        for (int m = 0; m < count; m++) {
            Minibatch b = withoutNextStates.get(m);
            minibatches.add(new Minibatch(b.states(), b.actions(), b.rewards(), b.terminal(),
                    nextStates.get(NDArrayIndex.interval((long) m * size, (long) (m + 1) * size))));
        }
        return new MinibatchGroup(minibatches, nextStates);
    }

    /**
     * The next {@code size} transitions for Deep Q-learning from Demonstrations, drawn with replacement: each is
     * a demonstration with probability {@code demonstrationShare} (uniform among the buffer's valid
     * demonstrations), else uniform among the agent's own; each with its return over up to {@code n} steps
     * ({@link ReplayBuffer#nStepEnd}).
     */
    public DemonstrationMinibatch nextWithDemonstrations(int size, double demonstrationShare, int n) {
        return nextWithDemonstrations(size, demonstrationShare, n, false);
    }

    /**
     * {@link #nextWithDemonstrations(int, double, int)}, the next states and n-step states in arrays of their own
     * when {@code ownNextStates} (else reused by the next call): for minibatches valued again later.
     */
    public DemonstrationMinibatch nextWithDemonstrations(int size, double demonstrationShare, int n,
                                                         boolean ownNextStates) {
        int[] indices = new int[size];
        boolean[] demonstration = new boolean[size];
        for (int j = 0; j < size; j++) {
            demonstration[j] = demonstrationShare >= 1 || (demonstrationShare > 0 && random.nextDouble() < demonstrationShare);
            indices[j] = buffer.sampleValidIndex(random, demonstration[j]);
        }
        Minibatch oneStep = minibatch(indices, ownNextStates);
        int stateBytes = shape.bytes();
        byte[] last = nStepLast = atLeast(nStepLast, size * stateBytes);
        float[][] rewards = new float[size][];
        boolean[] terminal = new boolean[size];
        for (int j = 0; j < size; j++) {
            int i = indices[j];
            int end = buffer.nStepEnd(i, n, lifeLossTerminal);
            rewards[j] = new float[end - i + 1];
            for (int k = i; k <= end; k++) {
                rewards[j][k - i] = buffer.reward(k);
            }
            terminal[j] = endsBootstrap(end);
            buffer.stateAfter(end, last, j * stateBytes);
        }
        return new DemonstrationMinibatch(oneStep, demonstration, rewards, terminal,
                input(last, size, ownNextStates, nStepStatesInput));
    }

    /** {@code count} states in {@code bytes} as network input: an array handed out, or {@code reused}'s. */
    private INDArray input(byte[] bytes, int count, boolean own, StateInput.Reused reused) {
        return own ? handedOut.of(bytes, count, shape.historyLength()) : reused.of(bytes, count, shape.historyLength());
    }

    /** {@code scratch}, or a larger array if it holds fewer than {@code bytes}. */
    private static byte[] atLeast(byte[] scratch, int bytes) {
        return scratch != null && scratch.length >= bytes ? scratch : new byte[bytes];
    }

    private boolean endsBootstrap(int i) {
        // Truncation is not terminal: the episode was cut, the state still has a value.
        return buffer.gameOver(i) || (lifeLossTerminal && buffer.lifeLost(i));
    }

    private Minibatch minibatch(int[] indices) {
        return minibatch(indices, false);
    }

    private Minibatch minibatch(int[] indices, boolean ownNextStates) {
        byte[] after = oneAfter = atLeast(oneAfter, indices.length * shape.bytes());
        Minibatch batch = minibatch(indices, after, 0);
        return new Minibatch(batch.states(), batch.actions(), batch.rewards(), batch.terminal(),
                input(after, indices.length, ownNextStates, nextStatesInput));
    }

    /** The minibatch of {@code indices}, its next states written to {@code after} from {@code offset}, not made. */
    private Minibatch minibatch(int[] indices, byte[] after, int offset) {
        int size = indices.length;
        int stateBytes = shape.bytes();
        byte[] before = states = atLeast(states, size * stateBytes);
        float[] rewards = new float[size];
        boolean[] terminal = new boolean[size];
        int[] taken = new int[size];
        for (int j = 0; j < size; j++) {
            int i = indices[j];
            buffer.statesAround(i, before, j * stateBytes, after, offset + j * stateBytes);
            rewards[j] = buffer.reward(i);
            terminal[j] = endsBootstrap(i);
            taken[j] = buffer.action(i);
        }
        return new Minibatch(handedOut.of(before, size, shape.historyLength()), taken, rewards, terminal, null);
    }
}
