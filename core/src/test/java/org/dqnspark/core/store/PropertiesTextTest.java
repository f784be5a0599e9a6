package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PropertiesTextTest {
    @Test
    void theKeysKeepTheirOrderWithoutStoresDateLine() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("game", "breakout");
        values.put("actions", 4);
        values.put("epsilon", 0.5);
        values.put("absent", null);
        assertEquals(String.join(System.lineSeparator(), "game=breakout", "actions=4", "epsilon=0.5", "absent=null", ""),
                PropertiesText.of(values));
    }

    @Test
    void whatPropertiesCannotReadPlainIsEscapedAndReadsBackAsWritten() throws IOException {
        String path = "/roms/Space Invaders (1980) \\ =1:#! caf\u00e9.bin";
        String text = PropertiesText.of(Map.of("rom_path", path, "game", "minatar:breakout"));
        assertTrue(text.chars().allMatch(c -> c < 128), text);
        Properties read = new Properties();
        read.load(new StringReader(text));
        assertEquals(path, read.getProperty("rom_path"));
        assertEquals("minatar:breakout", read.getProperty("game"));
    }
}
