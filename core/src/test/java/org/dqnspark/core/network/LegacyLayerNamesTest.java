package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LegacyLayerNamesTest {
    /** Written at f5523f8, before the oneDNN layers got their names: see snapshots/README.md in the test resources. */
    private static final String SNAPSHOT = "/snapshots/before-onednn-rename.zip";
    private static final String EXPECTED = "/snapshots/before-onednn-rename.properties";

    private static float[] floats(String spaceSeparated) {
        String[] words = spaceSeparated.trim().split(" +");
        float[] values = new float[words.length];
        for (int i = 0; i < words.length; i++) {
            values[i] = Float.parseFloat(words[i]);
        }
        return values;
    }

    @Test
    void aSnapshotWrittenBeforeTheOneDnnRenameStillLoadsAndComputesTheSameQValues() throws Exception {
        Properties expected = new Properties();
        try (InputStream in = LegacyLayerNamesTest.class.getResourceAsStream(EXPECTED)) {
            assertNotNull(in, EXPECTED);
            expected.load(in);
        }
        MultiLayerNetwork network;
        try (InputStream in = LegacyLayerNamesTest.class.getResourceAsStream(SNAPSHOT)) {
            assertNotNull(in, SNAPSHOT);
            network = QNetworks.restore(in, false);
        }

        assertInstanceOf(OneDnnConvolutionLayer.class, network.getLayerWiseConfigurations().getConf(0).getLayer());
        assertInstanceOf(OneDnnDenseLayer.class, network.getLayerWiseConfigurations().getConf(1).getLayer());
        assertInstanceOf(OneDnnOutputLayer.class, network.getLayerWiseConfigurations().getConf(2).getLayer());
        assertInstanceOf(OneDnnConvolutionLayerImpl.class, network.getLayer(0));
        assertInstanceOf(OneDnnDenseLayerImpl.class, network.getLayer(1));
        assertInstanceOf(OneDnnOutputLayerImpl.class, network.getLayer(2));
        long[] shape = Arrays.stream(expected.getProperty("input.shape").split(" ")).mapToLong(Long::parseLong)
                .toArray();
        INDArray input = Nd4j.create(floats(expected.getProperty("input")), shape, 'c');
        float[] q = network.output(input, false).data().asFloat();
        assertArrayEquals(floats(expected.getProperty("qvalues")), q, 1e-5f);
    }
}
