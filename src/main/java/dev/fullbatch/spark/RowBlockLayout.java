package dev.fullbatch.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The fixed cut of row-numbered input into blocks: files in path order, every file cut into runs of
 * {@code rowsPerBlock} rows (the last run of a file may be shorter; a block never spans two files). Rows are
 * numbered globally (file after file) and blocks likewise, so a block's id is its position in the global order.
 * The cut depends only on the rows per file and {@code rowsPerBlock}, never on how Spark splits the files.
 * Immutable.
 */
final class RowBlockLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long rowsPerBlock;
    private final long[] firstRow;
    private final long[] firstBlock;

    private RowBlockLayout(long rowsPerBlock, long[] firstRow, long[] firstBlock) {
        this.rowsPerBlock = rowsPerBlock;
        this.firstRow = firstRow;
        this.firstBlock = firstBlock;
    }

    /**
     * @param rowsPerFile rows of every file, in path order (each at least 0)
     * @param rowsPerBlock rows per block, at least 1
     */
    static RowBlockLayout of(long[] rowsPerFile, long rowsPerBlock) {
        if (rowsPerBlock < 1) {
            throw new IllegalArgumentException("rowsPerBlock must be >= 1, got " + rowsPerBlock);
        }
        long[] rows = new long[rowsPerFile.length + 1];
        long[] blocks = new long[rowsPerFile.length + 1];
        for (int f = 0; f < rowsPerFile.length; f++) {
            if (rowsPerFile[f] < 0) {
                throw new IllegalArgumentException("file " + f + " has " + rowsPerFile[f] + " rows");
            }
            rows[f + 1] = Math.addExact(rows[f], rowsPerFile[f]);
            blocks[f + 1] = blocks[f] + (rowsPerFile[f] + rowsPerBlock - 1) / rowsPerBlock;
        }
        return new RowBlockLayout(rowsPerBlock, rows, blocks);
    }

    /** Number of files. */
    int files() {
        return firstRow.length - 1;
    }

    /** Rows in all files. */
    long rows() {
        return firstRow[firstRow.length - 1];
    }

    /** Rows of file {@code f}. */
    long rowsOf(int f) {
        return firstRow[f + 1] - firstRow[f];
    }

    /** Blocks in all files. */
    long blocks() {
        return firstBlock[firstBlock.length - 1];
    }

    /** Rows per block (the last block of a file may hold fewer). */
    long rowsPerBlock() {
        return rowsPerBlock;
    }

    /**
     * The global number of row {@code row} (0-based) of file {@code f}.
     *
     * @throws IndexOutOfBoundsException when the file has no such row
     */
    long globalRow(int f, long row) {
        if (row < 0 || row >= rowsOf(f)) {
            throw new IndexOutOfBoundsException("row " + row + " of file " + f + ", which has " + rowsOf(f)
                    + " rows");
        }
        return firstRow[f] + row;
    }

    /** The file holding a global row. */
    int fileOf(long globalRow) {
        // The last file whose first row is at or before globalRow and that is not empty.
        int i = Arrays.binarySearch(firstRow, globalRow);
        if (i < 0) {
            return -i - 2;
        }
        while (i + 1 < firstRow.length && firstRow[i + 1] == globalRow) {
            i++;
        }
        return i;
    }

    /** The 0-based row within its file of a global row. */
    long rowInFile(long globalRow) {
        return globalRow - firstRow[fileOf(globalRow)];
    }

    /** The block holding a global row. */
    long blockOf(long globalRow) {
        int f = fileOf(globalRow);
        return firstBlock[f] + (globalRow - firstRow[f]) / rowsPerBlock;
    }

    /** The global number of the first row of block {@code block}. */
    long firstRowOfBlock(long block) {
        int f = fileOfBlock(block);
        return firstRow[f] + (block - firstBlock[f]) * rowsPerBlock;
    }

    /** The rows of block {@code block}: {@link #rowsPerBlock()}, or fewer for the last block of a file. */
    long rowsOfBlock(long block) {
        int f = fileOfBlock(block);
        return Math.min(rowsPerBlock, firstRow[f + 1] - firstRowOfBlock(block));
    }

    /** The file holding block {@code block}. */
    int fileOfBlock(long block) {
        int i = Arrays.binarySearch(firstBlock, block);
        if (i < 0) {
            return -i - 2;
        }
        while (i + 1 < firstBlock.length && firstBlock[i + 1] == block) {
            i++;
        }
        return i;
    }

    /**
     * The partition of a block when {@code blocks()} blocks are spread over {@code partitions} partitions in
     * contiguous, ordered ranges (so partition order is block order).
     */
    int partitionOf(long block, int partitions) {
        long n = blocks();
        if (n == 0) {
            return 0;
        }
        return (int) (Math.multiplyExact(block, (long) partitions) / n);
    }
}
