package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseDotsTest {

    /** One row at a time, in nonzero order: the bits the four-row kernel must give. */
    private static double oneRow(int[] start, int[] col, double[] x, int row, double[] p, int offset) {
        double s = 0;
        for (int q = start[row]; q < start[row + 1]; q++) {
            s += x[q] * p[offset + col[q]];
        }
        return s;
    }

    @Test
    void fourRowsAtATimeGiveTheBitsOfOneRowAtATimeForRowsOfAnyLength() {
        SplittableRandom random = new SplittableRandom(21);
        int rows = 23; // not a multiple of four: the tail takes the one-row path
        int width = 500;
        int[] start = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            start[r + 1] = start[r] + (r % 5 == 0 ? 0 : random.nextInt(40)); // empty rows, uneven lengths
        }
        int nnz = start[rows];
        int[] col = new int[nnz];
        double[] x = new double[nnz];
        float[] xf = new float[nnz];
        for (int q = 0; q < nnz; q++) {
            col[q] = random.nextInt(width);
            x[q] = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-30, 30));
            xf[q] = (float) x[q];
        }
        int offset = 7;
        double[] p = new double[offset + width];
        for (int j = 0; j < p.length; j++) {
            p[j] = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-30, 30));
        }
        double[] widened = new double[nnz];
        for (int q = 0; q < nnz; q++) {
            widened[q] = xf[q];
        }
        for (int r0 : new int[] {0, 1, 3}) {
            int m = rows - r0;
            double[] out = new double[m];
            double[] outFloat = new double[m];
            SparseDots.rows(start, col, x, r0, m, p, offset, out);
            SparseDots.rows(start, col, xf, r0, m, p, offset, outFloat);
            for (int i = 0; i < m; i++) {
                assertEquals(Double.doubleToRawLongBits(oneRow(start, col, x, r0 + i, p, offset)),
                        Double.doubleToRawLongBits(out[i]), "row " + (r0 + i));
                assertEquals(Double.doubleToRawLongBits(oneRow(start, col, widened, r0 + i, p, offset)),
                        Double.doubleToRawLongBits(outFloat[i]), "float row " + (r0 + i));
            }
        }
    }
}
