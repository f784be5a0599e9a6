package org.dqnspark.app;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@value #SCHEME} ({@code fulldisk:///tmp/store} is
 * {@code /tmp/store}), whose disk fills when a test says so: after {@link #fillAfter}(n), the write that
 * would take the bytes written through it past n more fails as a full local disk does, with the JDK's
 * {@code IOException("No space left on device")}. Registered for the app's tests by
 * {@code src/test/resources/core-site.xml}, so the jobs' Spark tasks write through it too.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "fulldisk";

    /** Bytes written through any instance, since the JVM started. */
    private static final AtomicLong WRITTEN = new AtomicLong();
    private static volatile long capacity = Long.MAX_VALUE;

    /** From now on, the disk holds {@code bytes} more bytes. */
    public static void fillAfter(long bytes) {
        capacity = WRITTEN.get() + bytes;
    }

    /** The disk has room again. */
    public static void empty() {
        capacity = Long.MAX_VALUE;
    }

    /** {@code dir} as a path of this file system, for {@code --store}. */
    public static String uri(java.nio.file.Path dir) {
        return SCHEME + "://" + dir.toAbsolutePath();
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    protected OutputStream createOutputStream(Path f, boolean append) throws IOException {
        return new Filling(super.createOutputStream(f, append));
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
            throws IOException {
        return new Filling(super.createOutputStreamWithMode(f, append, permission));
    }

    /** A file's stream that takes its bytes from the disk's room. */
    private static final class Filling extends FilterOutputStream {
        Filling(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            take(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            take(len);
            out.write(b, off, len);
        }

        private static void take(int bytes) throws IOException {
            if (WRITTEN.addAndGet(bytes) > capacity) {
                throw new IOException("No space left on device");
            }
        }
    }
}
