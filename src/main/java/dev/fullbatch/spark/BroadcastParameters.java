package dev.fullbatch.spark;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The parameter vector as a pass broadcasts it: serialized as one byte array of big-endian doubles, which object
 * streams copy in bulk, where a {@code double[]} is converted one element at a time (a 2^20-parameter model is 8 MB,
 * serialized by the driver and read by every executor on every pass). Bits travel unchanged (raw bits, NaN payloads
 * included). Immutable once built; the array is handed over, not copied.
 */
final class BroadcastParameters implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private transient double[] values;

    /** @param values the parameters (not copied: the caller hands them over) */
    BroadcastParameters(double[] values) {
        this.values = values;
    }

    /** The parameters (not a copy: read only). */
    double[] values() {
        return values;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        byte[] bytes = new byte[8 * values.length];
        for (int i = 0; i < values.length; i++) {
            DOUBLES.set(bytes, 8 * i, values[i]);
        }
        out.writeObject(bytes);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        byte[] bytes = (byte[]) in.readObject();
        if (bytes.length % 8 != 0) {
            throw new InvalidObjectException("malformed parameters: " + bytes.length + " bytes");
        }
        double[] read = new double[bytes.length / 8];
        for (int i = 0; i < read.length; i++) {
            read[i] = (double) DOUBLES.get(bytes, 8 * i);
        }
        values = read;
    }
}
