package dev.fullbatch.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code flaky:}, whose first {@code flaky.failures} opens of a file named
 * {@code state.json} fail with an I/O error, as a file system with a transient fault would. Each instance counts
 * its own failures (register with {@code fs.flaky.impl.disable.cache=true}).
 */
public final class FlakyFileSystem extends RawLocalFileSystem {
    private int failuresLeft;

    /** The configuration that makes {@code flaky:///...} paths use this file system. */
    public static Configuration configuration(int failures) {
        Configuration conf = new Configuration();
        conf.set("fs.flaky.impl", FlakyFileSystem.class.getName());
        conf.setBoolean("fs.flaky.impl.disable.cache", true);
        conf.setInt("flaky.failures", failures);
        return conf;
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        failuresLeft = conf.getInt("flaky.failures", 0);
    }

    @Override
    public URI getUri() {
        return URI.create("flaky:///");
    }

    @Override
    public String getScheme() {
        return "flaky";
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        if (f.getName().equals("state.json") && failuresLeft > 0) {
            failuresLeft--;
            throw new IOException("simulated transient failure reading " + f);
        }
        return super.open(f, bufferSize);
    }
}
