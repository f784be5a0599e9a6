package org.dqnspark.core.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The text of the store's properties files (game.properties, the cycle journal, a snapshot's counters),
 * written by {@link Properties#store} so that any value, a ROM path with a space, a backslash or an
 * accent in it, reads back with {@link Properties#load} as it was written. Two things store does not do
 * are added: the keys keep the order given (a record reads best in its own order), and store's first
 * line, a comment with the current date, is left out, so the same values always make the same file.
 */
public final class PropertiesText {
    private PropertiesText() {
    }

    /** {@code values} (each as its {@code String.valueOf}) as properties text: ASCII, one key=value line each. */
    public static String of(Map<String, ?> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            // The stream form escapes every non-ASCII character (\\uXXXX): the text is the same in any charset.
            new InOrder(values).store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf('\n') + 1);
    }

    /**
     * Properties whose store writes the entries in the order given: store writes them in the order of
     * {@code entrySet()} (Java 18 and later document this for a subclass that overrides it).
     */
    private static final class InOrder extends Properties {
        private final transient Set<Map.Entry<Object, Object>> entries;

        InOrder(Map<String, ?> values) {
            Map<Object, Object> text = new LinkedHashMap<>();
            values.forEach((key, value) -> text.put(key, String.valueOf(value)));
            putAll(text);
            entries = Collections.unmodifiableMap(text).entrySet();
        }

        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            return entries;
        }
    }
}
