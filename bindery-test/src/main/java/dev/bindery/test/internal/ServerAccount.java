package dev.bindery.test.internal;

import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operating-system account that runs the PostgreSQL processes. PostgreSQL refuses to run as root, so when the
 * JVM is root the server runs as {@code nobody} through {@code runuser}; otherwise it runs as the JVM's own user.
 */
public final class ServerAccount {
    private static final String UNPRIVILEGED = "nobody";
    private static final ServerAccount CURRENT = new ServerAccount(isRoot());

    private final boolean root;

    private ServerAccount(boolean root) {
        this.root = root;
    }

    /** The account for this JVM. */
    public static ServerAccount current() {
        return CURRENT;
    }

    /** True when the server runs under another account than the JVM. */
    public boolean switchesUser() {
        return root;
    }

    /** The command prefixed so that it runs as the server account. */
    public List<String> command(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("runuser", "-u", UNPRIVILEGED, "--"));
        c.addAll(command);
        return c;
    }

    /**
     * The command prefixed so that it runs as the server account and <em>is</em> the started process (through
     * {@code setpriv}, which execs, unlike {@code runuser}, which forks): for daemons that are later killed by pid.
     */
    public List<String> exec(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + groupOf(UNPRIVILEGED),
                "--clear-groups", "--"));
        c.addAll(command);
        return c;
    }

    private static String groupOf(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals(user)) {
                    return fields[3];
                }
            }
        } catch (IOException e) {
            // fall through to the usual value
        }
        return "65534";
    }

    /** Makes {@code path} (recursively) owned by the server account; a no-op when the JVM is not root. */
    public void own(Path path) {
        if (!root) {
            return;
        }
        try {
            UserPrincipal nobody = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED);
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> all = Files.walk(path)) {
                    for (Path p : (Iterable<Path>) all::iterator) {
                        Files.setOwner(p, nobody);
                    }
                }
            } else {
                Files.setOwner(path, nobody);
            }
        } catch (IOException e) {
            throw new PostgresClusterException("Could not give " + path + " to user '" + UNPRIVILEGED
                    + "', which runs PostgreSQL when the JVM is root: " + e.getMessage(), e);
        }
    }

    private static boolean isRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
