package org.dqnspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RooflineTest {
    @Test
    void theNatureNetworksFlopsAreThoseItsCommentCounts() {
        assertEquals(18.70e6, Roofline.forwardFlops(18), 0.01e6);
        assertEquals(2.18e9, Roofline.updateFlops(32, 18), 0.01e9);
        assertEquals(68.26e6, Roofline.updateFlops(1, 18), 0.01e6);
    }
}
