package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.engine.LocalEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A whole {@code train} run (reading and checking the input, moments, standardization, the optimizer, validation
 * scoring, metrics with AUC, the committed model directory) runs on the {@link LocalEngine}, in this thread and
 * without Spark, and gives exactly the bits the Spark engine gave for the same data and options: the guard rail's
 * recorded bits of its command-line cases ({@link RecordedModelBitsTest}), predictions aside.
 */
class LocalEngineTrainingTest {

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> trainingOnTheLocalEngineGivesTheBitsOfTheSparkEngine() throws IOException {
        Map<String, List<String>> expected = GuardRail.fixture();
        return GuardRail.jobCases(dir).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path out = dir.resolve(c.name().replace('/', '-'));
            List<String> args = new ArrayList<>(c.options());
            args.addAll(List.of("--output", out.toString()));
            TrainCommand train = new TrainCommand();
            new CommandLine(train).parseArgs(args.toArray(new String[0]));
            StringWriter text = new StringWriter();
            PrintWriter log = new PrintWriter(text, true);
            int code = new TrainJob(train.settings(log), log, new LocalEngine(new Configuration())).run();
            assertEquals(ExitCode.OK, code, text::toString);
            GuardRail.assertRecorded(expected, c.name(), GuardRail.modelBits(out),
                    field -> !field.startsWith("predict"));
        }));
    }
}
