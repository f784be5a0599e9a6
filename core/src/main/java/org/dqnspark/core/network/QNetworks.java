package org.dqnspark.core.network;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.dqnspark.core.learning.ClippedTdLoss;
import org.dqnspark.core.learning.DemonstrationLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The Q-networks, as DL4J MultiLayerNetworks: what the trainer fits, snapshots hold, and the collector
 * and evaluator play with.
 */
public final class QNetworks {
    private QNetworks() {
    }

    /**
     * The Nature network (Mnih et al. 2015, Methods, "Model architecture"): "The input to the neural
     * network consists of an 84 x 84 x 4 image ... The first hidden layer convolves 32 filters of 8 x 8
     * with stride 4 ... and applies a rectifier nonlinearity. The second hidden layer convolves 64
     * filters of 4 x 4 with stride 2, again followed by a rectifier nonlinearity. This is followed by a
     * third convolutional layer that convolves 64 filters of 3 x 3 with stride 1 followed by a
     * rectifier. The final hidden layer is fully-connected and consists of 512 rectifier units. The
     * output layer is a fully-connected linear layer with a single output for each valid action."
     *
     * <p>Weights start uniform in +-1/sqrt(fan-in), Torch's default that DeepMind's code used; biases
     * start at 0 (Torch draws them from the same range). The loss is the clipped TD error on the taken
     * action only; the optimizer is DeepMind's centered RMSProp.
     *
     * <p>Activations are NHWC ({@link #STATE_FORMAT}), so the dense layer reads conv3's output in
     * (y, x, channel) order. Snapshots made before the switch are NCHW and still load and run as they are
     * (their input layout is read off the network, {@link StateInput#formatOf}).
     */
    public static MultiLayerConfiguration nature(int historyLength, int actions, CenteredRmsProp optimizer,
                                                 long seed) {
        return nature(historyLength, actions, optimizer, seed, Implementation.forThisBackend());
    }

    /**
     * The activation layout of both networks (and so of the states they take): NHWC, the layout oneDNN's fast
     * convolution kernels take (Nature's: brgemm, 160-250 GFLOP/s here, against about 50 for NCHW's im2col +
     * gemm; MinAtar's: cached oneDNN primitives instead of a libnd4j op made per call, the update 1.7x faster;
     * bench/RESULTS.md, compute.sh and minatar.sh). Networks and snapshots made before keep their NCHW.
     */
    public static final CNN2DFormat STATE_FORMAT = CNN2DFormat.NHWC;

    /** How the hidden layers of a network compute. */
    public enum Implementation {
        /** DL4J's own layers: what the cuda backend uses (cuDNN), and the reference in tests. */
        STOCK,
        /**
         * {@link OneDnnConvolutionLayer}, {@link OneDnnDenseLayer} and {@link OneDnnOutputLayer}: oneDNN's
         * convolutions (NHWC) and products, no recomputed forward pass, several times faster on the CPU.
         */
        ONE_DNN;

        /** ONE_DNN on ND4J's CPU backend, STOCK on any other (cuda). */
        public static Implementation forThisBackend() {
            return Nd4j.getEnvironment().isCPU() ? ONE_DNN : STOCK;
        }
    }

    /**
     * {@link #nature(int, int, CenteredRmsProp, long)} with the given layer implementation. Both have the
     * same parameters in the same order, so weights (and snapshots) carry over from one to the other.
     */
    public static MultiLayerConfiguration nature(int historyLength, int actions, CenteredRmsProp optimizer,
                                                 long seed, Implementation implementation) {
        return nature(historyLength, actions, optimizer, seed, implementation, STATE_FORMAT);
    }

    /**
     * The Nature network with activations in {@code format}: NCHW is the layout of snapshots made before
     * {@link #STATE_FORMAT} became NHWC (their fast layers take libnd4j's slower path).
     */
    static MultiLayerConfiguration nature(int historyLength, int actions, CenteredRmsProp optimizer, long seed,
                                          Implementation implementation, CNN2DFormat format) {
        int fanIn1 = historyLength * 8 * 8;
        int fanIn2 = 32 * 4 * 4;
        int fanIn3 = 64 * 3 * 3;
        int fanIn4 = 64 * 7 * 7;
        int fanIn5 = 512;
        return layers(optimizer, seed)
                // The first layer's input gradient (with respect to the screens) is never needed.
                .layer(convolution(implementation, false, 8, 8).stride(4, 4).nIn(historyLength).nOut(32)
                        .dataFormat(format).activation(Activation.RELU).weightInit(torchDefault(fanIn1)).build())
                .layer(convolution(implementation, true, 4, 4).stride(2, 2).nOut(64)
                        .dataFormat(format).activation(Activation.RELU).weightInit(torchDefault(fanIn2)).build())
                .layer(convolution(implementation, true, 3, 3).stride(1, 1).nOut(64)
                        .dataFormat(format).activation(Activation.RELU).weightInit(torchDefault(fanIn3)).build())
                .layer(dense(implementation, new DenseLayer.Builder().nOut(512).activation(Activation.RELU)
                        .weightInit(torchDefault(fanIn4)).build()))
                .layer(output(implementation, new OutputLayer.Builder(new ClippedTdLoss()).nOut(actions)
                        .activation(Activation.IDENTITY).weightInit(torchDefault(fanIn5)).build()))
                .setInputType(InputType.convolutional(StateInput.HEIGHT, StateInput.WIDTH, historyLength, format))
                .build();
    }

    public static final String NATURE = "nature";
    public static final String MINATAR = "minatar";

    /** {@code name} if it is an architecture, else a UserError naming {@code dqn.network.architecture}. */
    public static String checkedArchitecture(String name) {
        if (!NATURE.equals(name) && !MINATAR.equals(name)) {
            throw new org.dqnspark.core.UserError("Setting 'dqn.network.architecture' must be " + NATURE + " or "
                    + MINATAR + ", got '" + name + "'.");
        }
        return name;
    }

    /**
     * Fails unless the network {@code architecture} takes frames of {@code frame}: jobs call it before they
     * start, so that a wrong setting stops a run before any work.
     *
     * @throws org.dqnspark.core.UserError naming {@code dqn.network.architecture}
     */
    public static void checkFits(String architecture, org.dqnspark.core.env.FrameShape frame) {
        if (NATURE.equals(checkedArchitecture(architecture)) && !frame.equals(org.dqnspark.core.env.FrameShape.ATARI)) {
            throw new org.dqnspark.core.UserError("Setting 'dqn.network.architecture' is nature, which takes 84 x 84"
                    + " Atari frames, not " + frame + " (a MinAtar game?): set dqn.network.architecture = minatar"
                    + " (the default for MinAtar games) or use another --game.");
        }
    }

    /**
     * The network {@code architecture} for states of {@code shape}, trained with {@code optimizer};
     * {@code sumGradients} as DeepMind's code (else averaged over the minibatch), the TD error clipped to
     * [-tdErrorClip, tdErrorClip] in the gradient (Nature: 1).
     */
    public static MultiLayerConfiguration of(String architecture, StateShape shape, int actions,
                                             CenteredRmsProp optimizer, boolean sumGradients, double tdErrorClip,
                                             long seed) {
        checkFits(architecture, shape.frame());
        MultiLayerConfiguration conf = switch (architecture) {
            case NATURE -> nature(shape.historyLength(), actions, optimizer, seed);
            default -> minatar(shape, actions, optimizer, seed);
        };
        for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : conf.getConfs()) {
            layer.setMiniBatch(!sumGradients);
        }
        useTdErrorClip(conf, tdErrorClip);
        return conf;
    }

    /**
     * Clips the TD error to [-tdErrorClip, tdErrorClip] in the gradient of {@code conf}'s loss, also of a
     * network resumed from a snapshot (its layers read this configuration).
     */
    public static void useTdErrorClip(MultiLayerConfiguration conf, double tdErrorClip) {
        useLoss(conf, new ClippedTdLoss(tdErrorClip));
    }

    /**
     * Makes {@code loss} the output layer's loss in {@code conf}, also of a network already made from it (its
     * layers read this configuration): DQN's ({@link ClippedTdLoss}) or DQfD's ({@link DemonstrationLoss}).
     */
    public static void useLoss(MultiLayerConfiguration conf, ILossFunction loss) {
        for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : conf.getConfs()) {
            if (layer.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer output) {
                output.setLossFn(loss);
            }
        }
    }

    /**
     * L2 regularisation of every layer's weights (not its biases) with coefficient {@code l2}, none for 0: DL4J
     * adds l2 * w to each weight's gradient before the optimizer, the gradient of (l2 / 2) ||w||^2. Also takes
     * effect on a network already made from {@code conf}.
     */
    public static void useL2(MultiLayerConfiguration conf, double l2) {
        for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : conf.getConfs()) {
            if (layer.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base) {
                base.setRegularization(l2 > 0 ? new ArrayList<>(List.of(new L2Regularization(l2)))
                        : new ArrayList<>());
            }
        }
    }

    /**
     * MinAtar's DQN network (Young &amp; Tian 2019, section 5; their dqn.py): "a single convolutional layer
     * with 16 3x3 filters with stride 1, followed by a fully connected hidden layer with 128 units", ReLUs,
     * a linear output per action; no padding, so 10 x 10 becomes 8 x 8. Weights start as PyTorch's
     * defaults (uniform in +-1/sqrt(fan-in)); biases at 0. The hidden layers are the fast ones on the CPU,
     * as in {@link #nature}.
     */
    public static MultiLayerConfiguration minatar(StateShape shape, int actions, CenteredRmsProp optimizer, long seed) {
        return minatar(shape, actions, optimizer, seed, Implementation.forThisBackend());
    }

    /** {@link #minatar(StateShape, int, CenteredRmsProp, long)} with the given layer implementation. */
    public static MultiLayerConfiguration minatar(StateShape shape, int actions, CenteredRmsProp optimizer, long seed,
                                                  Implementation implementation) {
        return minatar(shape, actions, optimizer, seed, implementation, STATE_FORMAT);
    }

    /**
     * The MinAtar network with activations in {@code format}: NCHW is the layout of MinAtar snapshots made before
     * {@link #STATE_FORMAT} applied to it too (their convolution takes libnd4j's slower path).
     */
    static MultiLayerConfiguration minatar(StateShape shape, int actions, CenteredRmsProp optimizer, long seed,
                                                  Implementation implementation, CNN2DFormat format) {
        int fanIn1 = shape.channels() * 3 * 3;
        int fanIn2 = 16 * (shape.frame().height() - 2) * (shape.frame().width() - 2);
        return layers(optimizer, seed)
                .layer(convolution(implementation, false, 3, 3).stride(1, 1).nIn(shape.channels()).nOut(16)
                        .dataFormat(format).activation(Activation.RELU).weightInit(torchDefault(fanIn1)).build())
                .layer(dense(implementation, new DenseLayer.Builder().nOut(128).activation(Activation.RELU)
                        .weightInit(torchDefault(fanIn2)).build()))
                .layer(output(implementation, new OutputLayer.Builder(new ClippedTdLoss()).nOut(actions)
                        .activation(Activation.IDENTITY).weightInit(torchDefault(128)).build()))
                .setInputType(InputType.convolutional(shape.frame().height(), shape.frame().width(), shape.channels(), format))
                .build();
    }

    /** What both networks share: float, the optimizer, biases from 0, summed gradients; layers follow. */
    private static NeuralNetConfiguration.ListBuilder layers(CenteredRmsProp optimizer, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(optimizer)
                // DeepMind's code sums the clipped errors' gradients over the minibatch (Torch's backward
                // accumulates); its learning rate and RMSProp constant were tuned for that scale. DL4J would
                // average them. (of() sets this per dqn.train.sum-gradients.)
                .miniBatch(false)
                .biasInit(0)
                .list();
    }

    private static ConvolutionLayer.Builder convolution(Implementation implementation, boolean inputGradient,
                                                        int... kernel) {
        return implementation == Implementation.ONE_DNN
                ? new OneDnnConvolutionLayer.Builder(kernel).inputGradient(inputGradient)
                : new ConvolutionLayer.Builder(kernel);
    }

    private static DenseLayer dense(Implementation implementation, DenseLayer layer) {
        return implementation == Implementation.ONE_DNN ? OneDnnDenseLayer.of(layer) : layer;
    }

    private static OutputLayer output(Implementation implementation, OutputLayer layer) {
        return implementation == Implementation.ONE_DNN ? OneDnnOutputLayer.of(layer) : layer;
    }

    private static org.deeplearning4j.nn.weights.IWeightInit torchDefault(int fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        return WeightInit.DISTRIBUTION.getWeightInitFunction(new UniformDistribution(-bound, bound));
    }

    /** A new, initialised network. */
    public static MultiLayerNetwork create(MultiLayerConfiguration configuration) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    /**
     * The network of a snapshot that {@link ModelSerializer} wrote, {@code withUpdater} its optimizer state:
     * every snapshot read goes through here, so that snapshots naming the oneDNN layers by their former
     * names load too ({@link LegacyLayerNames}), in whichever JVM reads them (driver or executor).
     */
    public static MultiLayerNetwork restore(InputStream in, boolean withUpdater) throws IOException {
        LegacyLayerNames.register();
        return ModelSerializer.restoreMultiLayerNetwork(in, withUpdater);
    }
}
