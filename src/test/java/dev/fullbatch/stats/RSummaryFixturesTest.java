package dev.fullbatch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.CsvLineParser;
import dev.fullbatch.data.LabelRule;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.data.LineParser;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.Newton;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.SecondOrderTrainingObjective;
import dev.fullbatch.train.Standardization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against R's {@code summary(glm(...))} (fixtures under references/issue19, made by
 * scripts/references/issue19_statistics.py): the model is trained by Newton on blocks parsed without Spark, then
 * every estimate, standard error, statistic, p-value and 95% interval (the fixtures' {@code ci95_wald}: the
 * quantile of t with the residual degrees of freedom when the dispersion is estimated, of the normal otherwise) must
 * match R's to 1e-8 relative. Poisson with an offset (MASS's Insurance, the design from references/issue16) and Gamma
 * with log link exercise the log-link families' Fisher weights and Pearson dispersion.
 */
class RSummaryFixturesTest {
    private static final Path DATA = Path.of(System.getProperty("fullbatch.project.dir", "."))
            .resolve("../shared/data").normalize();

    static List<Block> parse(List<String> lines, int features, LabelRule labels) {
        LineParser parser = new LibsvmLineParser(features, "test", labels);
        List<Block> blocks = new ArrayList<>();
        BlockBuilder builder = BlockBuilder.sparse();
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String problem = parser.parse(bytes, 0, bytes.length, builder);
            if (problem != null && problem != LineParser.SKIPPED) {
                throw new IllegalStateException(problem);
            }
            if (builder.rows() == 1000) {
                blocks.add(builder.build(blocks.size(), features, false, false));
                builder = BlockBuilder.sparse();
            }
        }
        if (builder.rows() > 0) {
            blocks.add(builder.build(blocks.size(), features, false, false));
        }
        return blocks;
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = RSummaryFixturesTest.class.getResourceAsStream("/references/issue19/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Trains to the unpenalized optimum with the dense Newton and returns its statistics. */
    static WaldStatistics.Table fit(List<Block> blocks, LossKind kind, int features) {
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective model = new LinearObjective(kind.create(2, 1.0), features, true);
        PartialSums moments = engine.aggregate(new FeatureMoments(features), new double[0], true, "moments");
        Standardization s = Standardization.forTraining(moments.vectorSum(), moments.weightSum(), features, true, 0,
                model.loss());
        SecondOrderTrainingObjective f = new SecondOrderTrainingObjective(engine, model,
                new LinearParametrization(s, 1, true), 0.0, () -> "fit");
        Newton newton = new Newton(4096);
        Problem problem = Problem.smooth(f);
        OptimizerState state = newton.start(new double[f.dimension()], problem);
        while (state.iteration() < 100 && state.scalarOr("stalled", 0) == 0 && state.gradNorm() > 1e-15) {
            state = newton.step(state, problem);
        }
        double[] p = f.modelParameters(state.x());
        return WaldStatistics.compute(engine, model, p, 0.0, 0.0,
                j -> j == features ? "intercept" : "x" + (j + 1));
    }

    static void assertMatches(JsonNode r, WaldStatistics.Table table) {
        assertEquals(r.get("df_residual").asLong(), table.residualDf());
        assertEquals(r.get("dispersion").asDouble(), table.dispersion(), 1e-8 * r.get("dispersion").asDouble());
        for (int j = 0; j < table.coefficients().size(); j++) {
            CoefficientStatistics c = table.coefficients().get(j);
            assertEquals(r.get("names").get(j).asText(), c.name());
            close(r.get("estimate").get(j).asDouble(), c.estimate(), "estimate of " + c.name());
            close(r.get("std_error").get(j).asDouble(), c.standardError(), "standard error of " + c.name());
            close(r.get("statistic").get(j).asDouble(), c.statistic(), "statistic of " + c.name());
            close(r.get("p_value").get(j).asDouble(), c.pValue(), "p-value of " + c.name());
            close(r.get("ci95_wald").get("lower").get(j).asDouble(), c.lower(), "lower of " + c.name());
            close(r.get("ci95_wald").get("upper").get(j).asDouble(), c.upper(), "upper of " + c.name());
        }
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-8 * Math.abs(expected), what);
    }

    @Test
    void logisticOnTheA9aSubsetMatchesR() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/references/issue19/a9a-subset.libsvm")) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        WaldStatistics.Table table = fit(parse(lines, 12, LabelRule.binary("logistic")), LossKind.LOGISTIC, 12);
        assertMatches(fixture("summary-logistic-a9a-subset.json"), table);
    }

    @Test
    void poissonWithAnOffsetOnInsuranceMatchesR() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/references/issue16/insurance-design.csv")) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        // columns: claims (label), 9 dummies, log(Holders) (the offset)
        LineParser parser = new CsvLineParser(11, 0, -1, 10, "", LabelRule.nonNegative("poisson"));
        BlockBuilder builder = BlockBuilder.dense(9);
        for (String line : lines.subList(1, lines.size())) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (parser.parse(bytes, 0, bytes.length, builder) != null) {
                throw new IllegalStateException(line);
            }
        }
        List<Block> blocks = List.of(builder.build(0, 9, false, false));
        assertMatches(fixture("summary-poisson-insurance-offset.json"), fit(blocks, LossKind.POISSON, 9));
    }

    @Test
    void gammaOnThePositiveLabelsOfCpusmallMatchesR() throws IOException {
        assumeTrue(Files.isDirectory(DATA), "shared data absent");
        List<String> positive = new ArrayList<>();
        for (String line : Files.readAllLines(DATA.resolve("cpusmall_scale.libsvm"))) {
            if (Double.parseDouble(line.substring(0, line.indexOf(' '))) > 0) {
                positive.add(line);
            }
        }
        List<Block> blocks = parse(positive, 12, LabelRule.positive("gamma"));
        assertMatches(fixture("summary-gamma-cpusmall-positive.json"), fit(blocks, LossKind.GAMMA, 12));
    }

    @Test
    void leastSquaresOnCpusmallMatchesR() throws IOException {
        assumeTrue(Files.isDirectory(DATA), "shared data absent");
        List<Block> blocks = parse(Files.readAllLines(DATA.resolve("cpusmall_scale.libsvm")), 12,
                LabelRule.real("least-squares"));
        assertMatches(fixture("summary-least-squares-cpusmall.json"), fit(blocks, LossKind.LEAST_SQUARES, 12));
    }
}
