package dev.userfunctions.aws;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a block of code writes to standard output, where a Lambda's log lines and EMF
 * documents go. The lines still reach the real standard output too.
 */
public final class StandardOutput {

    private StandardOutput() {
    }

    /** The non-blank lines written to standard output while {@code block} ran. */
    public static List<String> linesOf(Runnable block) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            block.run();
        }
        finally {
            tee.flush();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    private static final class TeeStream extends java.io.OutputStream {

        private final PrintStream original;

        private final ByteArrayOutputStream copy;

        TeeStream(PrintStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }

    }

}
