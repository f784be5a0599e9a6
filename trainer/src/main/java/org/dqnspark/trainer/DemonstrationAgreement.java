package org.dqnspark.trainer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.dqnspark.trainer.replay.ReplayWindow;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often the network's greedy action is the human's: a fixed sample of the replay window's demonstration
 * states with the actions the person took, drawn once per train job (the training table's
 * {@code demonstration_agreement}). Tells how well pre-training learned the demonstrations, and whether the
 * agent's own play later pulls the network away from them.
 */
final class DemonstrationAgreement {
    private static final int FORWARD_BATCH = 100;

    private final byte[] states;
    private final int[] actions;
    private final StateShape shape;

    private DemonstrationAgreement(byte[] states, int[] actions, StateShape shape) {
        this.states = states;
        this.actions = actions;
        this.shape = shape;
    }

    /** Up to {@code wanted} demonstration states of {@code window} (none if it holds no demonstration). */
    static DemonstrationAgreement draw(ReplayWindow window, List<Integer> validDemonstrations, int wanted,
                                       StateShape shape, long seed) {
        long total = validDemonstrations.stream().mapToLong(Integer::longValue).sum();
        int bytes = shape.bytes();
        List<byte[]> drawn = total == 0 ? List.of() : window.buffers().mapPartitionsWithIndex(
                (Integer p, Iterator<ReplayBuffer> it) -> {
                    ReplayBuffer buffer = it.next();
                    List<byte[]> out = new ArrayList<>();
                    int share = (int) Math.ceil((double) wanted * buffer.validCount(true) / total);
                    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, p));
                    for (int k = 0; k < share; k++) {
                        int i = buffer.sampleValidIndex(random, true);
                        byte[] state = new byte[bytes + 1];
                        buffer.stateBefore(i, state, 0);
                        state[bytes] = (byte) buffer.action(i);
                        out.add(state);
                    }
                    return out.iterator();
                }, true).collect();
        int count = (int) Math.min(wanted, drawn.size());
        byte[] states = new byte[count * bytes];
        int[] actions = new int[count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(drawn.get(k), 0, states, k * bytes, bytes);
            actions[k] = drawn.get(k)[bytes];
        }
        return new DemonstrationAgreement(states, actions, shape);
    }

    /** The share of the states on which {@code network}'s greedy action is the human's; null without states. */
    Double of(MultiLayerNetwork network) {
        if (actions.length == 0) {
            return null;
        }
        int bytes = shape.bytes();
        CNN2DFormat format = StateInput.formatOf(network);
        int agree = 0;
        for (int from = 0; from < actions.length; from += FORWARD_BATCH) {
            int n = Math.min(FORWARD_BATCH, actions.length - from);
            byte[] chunk = new byte[n * bytes];
            System.arraycopy(states, from * bytes, chunk, 0, chunk.length);
            INDArray greedy = network.output(shape.input(chunk, n, format), false).argMax(1);
            for (int k = 0; k < n; k++) {
                if (greedy.getInt(k) == actions[from + k]) {
                    agree++;
                }
            }
        }
        return (double) agree / actions.length;
    }
}
