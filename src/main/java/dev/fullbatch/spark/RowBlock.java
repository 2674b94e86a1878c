package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import java.io.Serializable;

/**
 * A block built from row-numbered input and its report, cached together so the report comes from the same pass
 * that caches the rows.
 *
 * @param block the rows
 * @param report what building found
 * @param origins for predictions, the rows' file, row indices and kept values; null for training
 */
record RowBlock(Block block, RowBlockReport report, RowOrigins origins) implements Serializable {
}
