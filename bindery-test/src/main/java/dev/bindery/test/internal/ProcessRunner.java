package dev.bindery.test.internal;

import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived external command and fails with its output when it does not succeed. */
public final class ProcessRunner {
    private ProcessRunner() {
    }

    /** Runs the command, appending its output to {@code log} when given (else capturing it); returns the exit code. */
    public static int run(List<String> command, Path log, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = log;
        try {
            if (out == null) {
                out = Files.createTempFile("bindery-cmd", ".out");
            }
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new PostgresClusterException("Command did not finish within " + timeout + ": " + String.join(" ", command)
                        + tailOf(out, 30));
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new PostgresClusterException("Could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresClusterException("Interrupted while running " + String.join(" ", command), e);
        } finally {
            if (log == null && out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Runs the command and throws, with its output, unless it exits with 0. */
    public static void runOrFail(List<String> command, Duration timeout, String whatFailed) {
        try {
            Path out = Files.createTempFile("bindery-cmd", ".out");
            try {
                int code = run(command, out, timeout);
                if (code != 0) {
                    throw new PostgresClusterException(whatFailed + " (exit code " + code + " from "
                            + String.join(" ", command) + ")" + tailOf(out, 30));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new PostgresClusterException(whatFailed + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code lines} lines of a log file, formatted to be appended to an exception message. */
    public static String tailOf(Path file, int lines) {
        try {
            if (file == null || !Files.exists(file)) {
                return "";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> tail = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return "\n--- last " + tail.size() + " lines of " + file + " ---\n" + String.join("\n", tail);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "\n(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
