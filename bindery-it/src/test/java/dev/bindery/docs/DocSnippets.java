package dev.bindery.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every fenced {@code java} block of the repository's markdown is a copy of a tagged region of a compiled
 * test source, the way JDBI's documentation includes tagged regions of its tests.
 *
 * <p>The rule: a fenced block opened by {@code ```java} is immediately preceded by a line
 * {@code <!-- snippet: <repository-relative path of a test source>#<tag> -->}; that source contains exactly one region
 * between a line containing {@code // tag::<tag>[]} and a line containing {@code // end::<tag>[]}; and the block's
 * lines equal the region's lines once the region's common leading indentation is removed. Trailing whitespace and
 * lines holding other tags' markers (nested or overlapping regions) are ignored.
 */
final class DocSnippets {

    private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```java\\s*$");
    private static final Pattern FENCE_ANY = Pattern.compile("^\\s*```.*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+?)#([\\w.-]+)\\s*-->\\s*$");
    private static final Pattern MARKER_LIKE = Pattern.compile("^\\s*<!--\\s*snippet:");   // not prose quoting one
    private static final Pattern TAG_LINE = Pattern.compile("//\\s*(tag|end)::([\\w.-]+)\\[]");

    private final Path root;
    private int snippets;

    DocSnippets(Path root) {
        this.root = root;
    }

    /** The repository root; see {@link RepositoryRoot#find()}. */
    static Path repositoryRoot() {
        return RepositoryRoot.find();
    }

    /** The markdown files at the root (README.md, ARCHITECTURE.md, ...) and every one under docs/, in a stable order. */
    List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** How many fenced java blocks the last {@link #problems} call looked at. */
    int snippetsChecked() {
        return snippets;
    }

    /** Every violation of the rule in these markdown files, each naming the file, the line and what to do. */
    List<String> problems(List<Path> markdown) throws IOException {
        snippets = 0;
        List<String> problems = new ArrayList<>();
        for (Path doc : markdown) {
            check(doc, problems);
        }
        return problems;
    }

    private void check(Path doc, List<String> problems) throws IOException {
        String name = root.relativize(doc).toString().replace('\\', '/');
        List<String> lines = Files.readAllLines(doc);
        boolean inOtherFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher open = FENCE_OPEN.matcher(line);
            if (inOtherFence) {
                if (FENCE_ANY.matcher(line).matches()) {
                    inOtherFence = false;
                }
                continue;
            }
            if (!open.matches()) {
                if (FENCE_ANY.matcher(line).matches()) {
                    inOtherFence = true;
                } else if (MARKER_LIKE.matcher(line).find()) {
                    boolean beforeJava = i + 1 < lines.size() && FENCE_OPEN.matcher(lines.get(i + 1)).matches();
                    if (!MARKER.matcher(line).matches()) {
                        problems.add(name + ":" + (i + 1) + ": malformed snippet marker `" + line.strip()
                                + "`. Write it as <!-- snippet: <path of a test source from the repository root>#<tag> -->.");
                    } else if (!beforeJava) {
                        problems.add(name + ":" + (i + 1) + ": snippet marker is not followed by a ```java block. Put the"
                                + " marker on the line right above the block's opening fence, or remove it.");
                    }
                }
                continue;
            }
            snippets++;
            int openLine = i + 1;
            String indent = open.group(1);
            List<String> block = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !FENCE_ANY.matcher(lines.get(j)).matches()) {
                block.add(stripIndent(lines.get(j), indent));
                j++;
            }
            if (j == lines.size()) {
                problems.add(name + ":" + openLine + ": the ```java block is never closed. Close it with ```.");
                return;
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
            if (marker == null || !marker.matches()) {
                problems.add(name + ":" + openLine + ": this ```java block has no snippet marker. Copy the code into a"
                        + " test source between `// tag::<tag>[]` and `// end::<tag>[]` lines, make the test compile"
                        + " and run it, and put `<!-- snippet: <path>/src/test/java/...Test.java#<tag> -->` on the"
                        + " line right above the fence.");
            } else {
                compare(name, openLine, marker.group(1), marker.group(2), block, problems);
            }
            i = j;
        }
    }

    private void compare(String doc, int line, String sourcePath, String tag, List<String> block, List<String> problems)
            throws IOException {
        String where = doc + ":" + line + ": snippet " + sourcePath + "#" + tag;
        if (!sourcePath.contains("/src/test/") || !sourcePath.endsWith(".java")) {
            problems.add(where + ": the snippet must come from a compiled test source (a .java file under a module's"
                    + " src/test/). Move the code into a test and point the marker at it.");
            return;
        }
        Path source = root.resolve(sourcePath).normalize();
        if (!source.startsWith(root) || !Files.isRegularFile(source)) {
            problems.add(where + ": no file " + sourcePath + " in the repository. Fix the path in the marker (it is"
                    + " relative to the repository root), or restore the test.");
            return;
        }
        List<String> src = Files.readAllLines(source);
        int start = -1;
        int end = -1;
        int starts = 0;
        for (int k = 0; k < src.size(); k++) {
            Matcher m = TAG_LINE.matcher(src.get(k));
            while (m.find()) {
                if (!m.group(2).equals(tag)) {
                    continue;
                }
                if (m.group(1).equals("tag")) {
                    starts++;
                    if (start < 0) {
                        start = k;
                    }
                } else if (start >= 0 && end < 0) {
                    end = k;
                }
            }
        }
        if (starts > 1) {
            problems.add(where + ": " + sourcePath + " has " + starts + " `// tag::" + tag + "[]` lines. A tag"
                    + " names one region: rename one of them and update its marker.");
            return;
        }
        if (start < 0) {
            problems.add(where + ": " + sourcePath + " has no line `// tag::" + tag + "[]`. Tag the region the"
                    + " snippet shows, or fix the tag in the marker.");
            return;
        }
        if (end < 0) {
            problems.add(where + ": " + sourcePath + ":" + (start + 1) + " opens `// tag::" + tag + "[]` but no"
                    + " `// end::" + tag + "[]` line follows. Close the region.");
            return;
        }
        List<Integer> regionLineNumbers = new ArrayList<>();
        List<String> region = new ArrayList<>();
        for (int k = start + 1; k < end; k++) {
            if (TAG_LINE.matcher(src.get(k)).find()) {
                continue;                                   // markers of other, nested regions
            }
            region.add(src.get(k));
            regionLineNumbers.add(k + 1);
        }
        region = dedent(region);
        List<String> expected = trimmed(region);
        List<String> actual = trimmed(block);
        int n = Math.max(expected.size(), actual.size());
        for (int k = 0; k < n; k++) {
            String e = k < expected.size() ? expected.get(k) : null;
            String a = k < actual.size() ? actual.get(k) : null;
            if (e == null || !e.equals(a)) {
                String srcLine = k < regionLineNumbers.size() ? sourcePath + ":" + regionLineNumbers.get(k)
                        : sourcePath + " (after the region's end)";
                problems.add(where + ": the block differs from the tagged region at block line " + (k + 1) + " ("
                        + doc + ":" + (line + 1 + k) + " vs " + srcLine + ").\n      doc:    "
                        + (a == null ? "<no line>" : a) + "\n      source: " + (e == null ? "<no line>" : e)
                        + "\n    Change the test first, run it, then copy its region into the doc (drop the region's"
                        + " common indentation).");
                return;
            }
        }
    }

    private static String stripIndent(String line, String indent) {
        return line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading();
    }

    /** Removes the common leading whitespace of the non-blank lines. */
    static List<String> dedent(List<String> lines) {
        int common = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                int n = 0;
                while (n < l.length() && (l.charAt(n) == ' ' || l.charAt(n) == '\t')) {
                    n++;
                }
                common = Math.min(common, n);
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(common));
        }
        return out;
    }

    /** Trailing whitespace removed from each line, and blank lines removed from both ends. */
    private static List<String> trimmed(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
