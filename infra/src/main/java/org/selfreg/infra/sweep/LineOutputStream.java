package org.selfreg.infra.sweep;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/** An output stream that hands each complete line written to it (without its line break) to a consumer. */
final class LineOutputStream extends OutputStream {

    private final Consumer<String> lines;
    private final Charset charset;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineOutputStream(Consumer<String> lines, Charset charset) {
        this.lines = lines;
        this.charset = charset;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Hands on a last line that has no line break yet, so that closing loses nothing. */
    @Override
    public synchronized void close() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(charset);
        pending.reset();
        lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
}
