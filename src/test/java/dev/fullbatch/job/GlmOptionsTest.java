package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 16's train options are validated before any data is read, and land in the settings model.json records. */
class GlmOptionsTest {

    static TrainSettings settings(String... options) {
        List<String> args = new ArrayList<>(List.of("--data", "file:/nowhere/train.csv", "--output", "file:/nowhere/m"));
        args.addAll(List.of(options));
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args.toArray(new String[0]));
        return train.settings(new PrintWriter(new StringWriter()));
    }

    static String refusal(String... options) {
        return assertThrows(UsageException.class, () -> settings(options)).getMessage();
    }

    @Test
    void optionsThatDoNotApplyAreRefusedNamingTheFix() {
        assertTrue(refusal("--tweedie-power", "1.2").contains("--tweedie-power applies to --objective tweedie"));
        assertTrue(refusal("--objective", "tweedie", "--tweedie-power", "2").contains("strictly between 1 and 2"));
        assertTrue(refusal("--class-weight", "balanced").contains("--class-weight applies to classification"));
        assertTrue(refusal("--objective", "logistic", "--class-weight", "0=1,1=x").contains("not a finite number"));
        assertTrue(refusal("--format", "libsvm", "--weight-col", "2").contains("--libsvm-weights"));
        assertTrue(refusal("--libsvm-weights").contains("applies to LIBSVM input only"));
        assertTrue(refusal("--weight-col", "w").contains("0-based column number"));
        assertTrue(refusal("--weight-col", "0").contains("is the label column"));
        assertTrue(refusal("--weight-col", "3", "--offset-col", "3").contains("the same column 3"));
        assertTrue(refusal("--nonnegative", "--lower-bound", "-1").contains("conflict"));
        assertTrue(refusal("--lower-bound", "2", "--upper-bound", "1").contains("above its upper bound"));
        assertTrue(refusal("--nonnegative", "--optimizer", "rmsprop").contains("cannot honour coefficient bounds"));
        assertTrue(refusal("--nonnegative", "--model", "mlp", "--hidden", "4").contains("--model linear only"));
        assertTrue(refusal("--penalty-factors", "f.csv", "--objective", "softmax").contains("not to --objective "
                + "softmax"));
    }

    @Test
    void theOptionsEnterModelJsonAndTheResumeFingerprint() {
        TrainSettings s = settings("--objective", "tweedie", "--tweedie-power", "1.3", "--weight-col", "2",
                "--offset-col", "3", "--nonnegative", "--upper-bound", "5", "--bounds", "b.csv", "--penalty-factors",
                "f.csv");
        var fingerprint = s.resultDefining();
        assertEquals(1.3, fingerprint.get("tweedie-power"));
        assertEquals("2", fingerprint.get("weight-col"));
        assertEquals("3", fingerprint.get("offset-col"));
        assertEquals(0.0, fingerprint.get("lower-bound"));
        assertEquals(5.0, fingerprint.get("upper-bound"));
        assertEquals("b.csv", fingerprint.get("bounds"));
        assertEquals("f.csv", fingerprint.get("penalty-factors"));
        TrainSettings plain = settings("--objective", "logistic", "--class-weight", "balanced");
        assertEquals("balanced", plain.resultDefining().get("class-weight"));
        assertEquals(null, plain.resultDefining().get("lower-bound"), "no bound is written as null");
        assertTrue(!plain.resultDefining().containsKey("tweedie-power"), "only tweedie records its power");
    }
}
