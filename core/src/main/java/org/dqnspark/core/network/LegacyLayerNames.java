package org.dqnspark.core.network;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.deser.DeserializationProblemHandler;
import org.nd4j.shade.jackson.databind.jsontype.TypeIdResolver;

/**
 * Reads layer configurations that snapshots name by a class's former name. A snapshot's configuration.json
 * names each layer configuration by its fully qualified class ({@code "@class"}, Jackson's
 * {@code JsonTypeInfo.Id.CLASS}), and the oneDNN layers were named {@code Fast*} until the rename.
 *
 * <p>DL4J 1.0.0-M2.1 has no registry for renamed classes of this format: its
 * {@code registerLegacyCustomClassesForJSON} was dropped in 1.0.0-beta5 and only ever covered the
 * pre-1.0.0-beta wrapper format. So this is a Jackson problem handler on DL4J's one JSON mapper
 * ({@link NeuralNetConfiguration#mapper()}, which {@code MultiLayerConfiguration.fromJson} and so
 * {@code ModelSerializer} use): Jackson asks it for a type only when an {@code "@class"} names no class on the
 * classpath, and it answers with the class's current name.
 */
final class LegacyLayerNames extends DeserializationProblemHandler {
    private static final String PACKAGE = "org.dqnspark.core.network.";
    /** Former fully qualified names of the layer configurations (before the oneDNN rename) to their classes. */
    private static final Map<String, Class<?>> RENAMED = Map.of(
            PACKAGE + "FastConvolutionLayer", OneDnnConvolutionLayer.class,
            PACKAGE + "FastDenseLayer", OneDnnDenseLayer.class,
            PACKAGE + "FastOutputLayer", OneDnnOutputLayer.class);

    private static boolean registered;

    private LegacyLayerNames() {
    }

    /**
     * Adds the handler to DL4J's JSON mapper, once per JVM (the mapper is static, so every later read in
     * this JVM resolves the former names). Call it before any snapshot is read: {@link QNetworks#restore} does.
     */
    static synchronized void register() {
        if (!registered) {
            NeuralNetConfiguration.mapper().addHandler(new LegacyLayerNames());
            registered = true;
        }
    }

    /** The class formerly named {@code subTypeId}, or null, for Jackson to report the unknown type as usual. */
    @Override
    public JavaType handleUnknownTypeId(DeserializationContext context, JavaType baseType, String subTypeId,
            TypeIdResolver idResolver, String failureMessage) {
        Class<?> renamed = RENAMED.get(subTypeId);
        return renamed != null && baseType.getRawClass().isAssignableFrom(renamed)
                ? context.constructType(renamed) : null;
    }
}
