package dev.fullbatch.train;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.LineParser;
import dev.fullbatch.data.LineScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads text into blocks without Spark, through the same parsers the job uses: a way for tests to train on real
 * data with {@link dev.fullbatch.model.LocalReduction}.
 *
 * @param blocks the rows, {@code rowsPerBlock} to a block
 * @param rejected the lines the parser rejected (only when asked to skip them)
 */
public record LocalData(List<Block> blocks, int rejected) {

    /** Where the shared real data sets are (tests that use them are skipped where the folder is absent). */
    public static final Path SHARED = Path.of("..", "shared", "data");

    /** Every line must parse (a rejected line fails the test). */
    public static List<Block> read(Path file, LineParser parser, Supplier<BlockBuilder> builders, int rowsPerBlock,
                            int numFeatures) {
        return read(bytes(file), parser, builders, rowsPerBlock, numFeatures, false, false).blocks();
    }

    /**
     * @param text the file's bytes
     * @param parser parses one line
     * @param builders makes an empty builder per block (dense or sparse)
     * @param rowsPerBlock rows per block (the last may be shorter)
     * @param numFeatures the model width every block is built for
     * @param header whether the first line is a header to skip
     * @param skipRejected whether a rejected line is counted and dropped (else it fails the test)
     */
    public static LocalData read(byte[] text, LineParser parser, Supplier<BlockBuilder> builders, int rowsPerBlock,
                          int numFeatures, boolean header, boolean skipRejected) {
        List<Block> blocks = new ArrayList<>();
        int rejected = 0;
        try (InputStream in = new ByteArrayInputStream(text)) {
            LineScanner lines = new LineScanner(in, 0);
            BlockBuilder b = builders.get();
            long line = 0;
            if (header) {
                lines.skipLine();
                line++;
            }
            while (lines.next()) {
                line++;
                String problem = parser.parse(lines.buffer(), lines.lineStart(), lines.lineEnd(), b);
                if (problem != null && problem != LineParser.SKIPPED) {
                    if (!skipRejected) {
                        throw new IllegalArgumentException("line " + line + ": " + problem);
                    }
                    rejected++;
                }
                if (b.rows() == rowsPerBlock) {
                    blocks.add(b.build(blocks.size(), numFeatures, false, false));
                    b = builders.get();
                }
            }
            if (b.rows() > 0) {
                blocks.add(b.build(blocks.size(), numFeatures, false, false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalData(blocks, rejected);
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
