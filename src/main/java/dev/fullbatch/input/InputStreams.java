package dev.fullbatch.input;

import dev.fullbatch.data.Excerpt;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Opens input files for reading: seeking to a segment's first byte, or decompressing a compressed file through its
 * Hadoop codec (whose failures on corrupt input are all {@link IOException}s), and says what went wrong in the
 * words users see. Stateless.
 */
public final class InputStreams {
    private InputStreams() {
    }

    /**
     * Opens {@code path} at byte {@code offset} (a compressed file from its start, decompressed).
     *
     * @throws IOException when it cannot be opened or its codec fails at once
     */
    public static InputStream open(String path, boolean compressed, long offset, Configuration conf) throws IOException {
        // Path(String) quotes what a URI cannot hold (spaces, '%'), and InputFile paths are Path.toString() forms.
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        FSDataInputStream raw = fs.open(p);
        if (compressed) {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            try {
                return new DecompressedStream(codec.createInputStream(raw));
            } catch (IOException | RuntimeException e) {
                // Some codecs (bzip2) decode the first block while opening, and fail unchecked on garbage.
                raw.close();
                throw e instanceof IOException io ? io : corruptInput((RuntimeException) e);
            }
        }
        if (offset > 0) {
            raw.seek(offset);
        }
        return raw;
    }

    /**
     * A codec's unchecked failure on corrupt input, as the {@link IOException} that reports a corrupt file. Only the
     * exception's class goes into the message: once a throw site is hot, the JIT throws implicit exceptions (array
     * indexes, null pointers) without their detail message, so the detail would make the answer for the same file
     * depend on how warm the JVM is (and differ between block sizes, which read it at different times).
     */
    public static IOException corruptInput(RuntimeException e) {
        return new IOException(e.getClass().getName(), e);
    }

    /**
     * A codec's stream whose failures on corrupt input are all {@link IOException}s: some codecs throw runtime
     * exceptions (array indexes, illegal states) on garbage, which must be reported as a corrupt file, not a bug.
     */
    private static final class DecompressedStream extends FilterInputStream {
        DecompressedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw corruptInput(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RuntimeException e) {
                throw corruptInput(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (RuntimeException e) {
                throw corruptInput(e);
            }
        }
    }

    /**
     * A complete sentence naming the file for a read failure: for a compressed file without a line number (the
     * scanner reads ahead, so the failure is somewhere after the lines already parsed), otherwise near the byte
     * {@code offset} of the last line read.
     */
    static String failure(String path, boolean compressed, Exception e, long offset) {
        String what = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        if (compressed) {
            return "cannot decompress " + path + ": " + Excerpt.printable(what) + "; is the file complete, and "
                    + "compressed as its name says?";
        }
        return "cannot read " + path + " near byte " + offset + ": " + Excerpt.printable(what);
    }
}
