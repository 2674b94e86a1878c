package dev.fullbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** How codec failures on corrupt input are reported. */
class InputStreamsTest {

    @Test
    void corruptInputReportsTheCodecFailureByItsClassAlone() {
        // The JIT may drop an implicit exception's detail once its site is hot: the report must not depend on it.
        IOException withDetail = InputStreams.corruptInput(
                new ArrayIndexOutOfBoundsException("Index -1828384468 out of bounds for length 258"));
        IOException without = InputStreams.corruptInput(new ArrayIndexOutOfBoundsException());
        assertEquals("java.lang.ArrayIndexOutOfBoundsException", withDetail.getMessage());
        assertEquals(without.getMessage(), withDetail.getMessage());
        assertTrue(withDetail.getCause() instanceof ArrayIndexOutOfBoundsException);
    }
}
