package org.dqnspark.core.network;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weight gradient of a convolution without padding or dilation, and nothing else, for a first layer
 * whose input gradient nobody needs:
 * <pre>
 *   dW[o, (c, ky, kx)] = sum over b, oy, ox of delta[b, o, oy, ox] * x[b, c, oy*sy + ky, ox*sx + kx]
 * </pre>
 * as one matrix product, delta^T [out, batch*positions] x cols [batch*positions, in*kH*kW]. The im2col
 * matrix is written row by row in plain Java (a row is one output position's receptive field, contiguous),
 * which is what libnd4j's own im2col and DL4J's permuted 6-D im2col do slowly (bench/RESULTS.md, compute.sh).
 */
final class ConvolutionWeightGradient {
    private ConvolutionWeightGradient() {
    }

    /**
     * @param x              input [batch, in, height, width], float, c order, contiguous
     * @param delta          gradient at the pre-activation [batch, out, outHeight, outWidth], same layout
     * @param weightGradient receives dW as [out, in*kH*kW] (a view of DL4J's [out, in, kH, kW] gradient)
     */
    static void compute(INDArray x, INDArray delta, int[] kernel, int[] stride, INDArray weightGradient,
            LayerWorkspaceMgr workspaceMgr) {
        int batch = (int) x.size(0);
        int channels = (int) x.size(1);
        int height = (int) x.size(2);
        int width = (int) x.size(3);
        int outputs = (int) delta.size(1);
        int outHeight = (int) delta.size(2);
        int outWidth = (int) delta.size(3);
        int kH = kernel[0];
        int kW = kernel[1];
        int sH = stride[0];
        int sW = stride[1];
        int positions = outHeight * outWidth;
        int fieldSize = channels * kH * kW;

        INDArray cols = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                new long[] {(long) batch * positions, fieldSize}, 'c');
        INDArray deltaT = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                new long[] {outputs, (long) batch * positions}, 'c');
        FloatBuffer xs = floats(x);
        FloatBuffer colsOut = floats(cols);
        ParallelLoops.forRange(batch * outHeight, 4, (from, to) -> {
            float[] row = new float[width];
            float[] block = new float[outWidth * fieldSize];
            for (int r = from; r < to; r++) {
                int b = r / outHeight;
                int oy = r % outHeight;
                for (int c = 0; c < channels; c++) {
                    for (int ky = 0; ky < kH; ky++) {
                        xs.get(((b * channels + c) * height + oy * sH + ky) * width, row, 0, width);
                        int field = (c * kH + ky) * kW;
                        // A plain loop: System.arraycopy of kW (8) floats costs more than the copy.
                        for (int ox = 0; ox < outWidth; ox++) {
                            int dst = ox * fieldSize + field;
                            int src = ox * sW;
                            for (int kx = 0; kx < kW; kx++) {
                                block[dst + kx] = row[src + kx];
                            }
                        }
                    }
                }
                colsOut.put(r * outWidth * fieldSize, block, 0, block.length);
            }
        });
        FloatBuffer deltas = floats(delta);
        FloatBuffer deltaTOut = floats(deltaT);
        ParallelLoops.forRange(outputs, 1, (from, to) -> {
            float[] plane = new float[positions];
            for (int o = from; o < to; o++) {
                for (int b = 0; b < batch; b++) {
                    deltas.get((b * outputs + o) * positions, plane, 0, positions);
                    deltaTOut.put((o * batch + b) * positions, plane, 0, positions);
                }
            }
        });
        Nd4j.gemm(deltaT, cols, weightGradient, false, false, 1.0, 0.0);
    }

    /** The array's elements as a buffer whose index 0 is its first element. */
    private static FloatBuffer floats(INDArray array) {
        return array.data().asNioFloat().slice();
    }
}
