package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import java.io.Serializable;

/**
 * A block built from row-numbered input and its report, cached together so the report comes from the same pass
 * that caches the rows.
 *
 * @param block the rows
 * @param report what building found
 */
record RowBlock(Block block, RowBlockReport report) implements Serializable {
}
