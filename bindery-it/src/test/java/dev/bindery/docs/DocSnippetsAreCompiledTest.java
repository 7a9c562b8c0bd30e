package dev.bindery.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every java snippet of README.md, the other top-level pages and docs/ is a tagged region of a compiled, run test, so
 * the docs cannot drift from the code: change the test, and this fails until the doc shows the same code.
 */
class DocSnippetsAreCompiledTest {

    @Test
    void everyJavaSnippetInTheDocsIsATaggedRegionOfATestSource() throws Exception {
        DocSnippets checker = new DocSnippets(DocSnippets.repositoryRoot());
        List<String> problems = checker.problems(checker.markdownFiles());
        assertThat(problems)
                .withFailMessage("%d java snippets in the docs are not copies of tagged test regions:%n  %s",
                        problems.size(), String.join("\n  ", problems))
                .isEmpty();
        assertThat(checker.snippetsChecked()).as("java snippets found in the markdown pages").isGreaterThan(30);
    }

    /** The checker itself, on a fake repository: it must be able to fail. */
    @Nested
    class TheChecker {

        @TempDir
        Path root;

        private List<String> check(String doc, String source) throws Exception {
            Files.writeString(root.resolve("pom.xml"), "<module>bindery-core</module>");
            Path src = root.resolve("m/src/test/java/x/ExampleTest.java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, source);
            Files.createDirectories(root.resolve("docs"));
            Files.writeString(root.resolve("README.md"), "# nothing here\n");
            Files.writeString(root.resolve("docs/page.md"), doc);
            DocSnippets checker = new DocSnippets(root);
            return checker.problems(checker.markdownFiles());
        }

        private static final String SOURCE = String.join("\n",
                "class ExampleTest {",
                "    void example() {",
                "        // tag::hello[]",
                "        int answer = 42;",
                "        if (answer > 0) {",
                "            // tag::inner[]",
                "            System.out.println(answer);   ",
                "            // end::inner[]",
                "        }",
                "        // end::hello[]",
                "    }",
                "}", "");

        @Test
        void acceptsABlockEqualToTheDedentedRegion() throws Exception {
            assertThat(check(String.join("\n",
                    "text",
                    "<!-- snippet: m/src/test/java/x/ExampleTest.java#hello -->",
                    "```java",
                    "int answer = 42;",
                    "if (answer > 0) {",
                    "    System.out.println(answer);",
                    "}",
                    "```",
                    "- a list item:",
                    "  <!-- snippet: m/src/test/java/x/ExampleTest.java#inner -->",
                    "  ```java",
                    "  System.out.println(answer);",
                    "  ```",
                    "```properties",
                    "not=java",
                    "```", ""), SOURCE)).isEmpty();
        }

        @Test
        void reportsABlockThatDiffersFromItsRegionWithFileAndLine() throws Exception {
            List<String> problems = check(String.join("\n",
                    "text",
                    "<!-- snippet: m/src/test/java/x/ExampleTest.java#hello -->",
                    "```java",
                    "int answer = 41;",
                    "if (answer > 0) {",
                    "    System.out.println(answer);",
                    "}",
                    "```", ""), SOURCE);
            assertThat(problems).singleElement().asString()
                    .startsWith("docs/page.md:3: snippet m/src/test/java/x/ExampleTest.java#hello")
                    .contains("docs/page.md:4 vs m/src/test/java/x/ExampleTest.java:4")
                    .contains("int answer = 41;").contains("int answer = 42;")
                    .contains("copy its region into the doc");
        }

        @Test
        void checksEveryTopLevelPageNotOnlyTheReadme() throws Exception {
            check("no java here\n", SOURCE);
            Files.writeString(root.resolve("ARCHITECTURE.md"), "# Architecture\n\nProse may quote a"
                    + " `<!-- snippet: path#tag -->` marker.\n\n```java\nint x = 1;\n```\n");
            DocSnippets checker = new DocSnippets(root);
            assertThat(checker.problems(checker.markdownFiles())).singleElement().asString()
                    .startsWith("ARCHITECTURE.md:5: this ```java block has no snippet marker");
        }

        @Test
        void reportsABlockWithoutAMarker() throws Exception {
            assertThat(check("text\n\n```java\nint x = 1;\n```\n", SOURCE)).singleElement().asString()
                    .startsWith("docs/page.md:3: this ```java block has no snippet marker")
                    .contains("// tag::<tag>[]");
        }

        @Test
        void reportsAMissingFileAMissingTagAndAnUnclosedRegion() throws Exception {
            String source = SOURCE + "// tag::open[]\nint y;\n";
            List<String> problems = check(String.join("\n",
                    "<!-- snippet: m/src/test/java/x/NoSuchTest.java#hello -->",
                    "```java", "x", "```",
                    "<!-- snippet: m/src/test/java/x/ExampleTest.java#nope -->",
                    "```java", "x", "```",
                    "<!-- snippet: m/src/test/java/x/ExampleTest.java#open -->",
                    "```java", "int y;", "```", ""), source);
            assertThat(problems).hasSize(3);
            assertThat(problems.get(0)).startsWith("docs/page.md:2:").contains("no file m/src/test/java/x/NoSuchTest.java");
            assertThat(problems.get(1)).startsWith("docs/page.md:6:").contains("has no line `// tag::nope[]`");
            assertThat(problems.get(2)).startsWith("docs/page.md:10:").contains("no `// end::open[]` line follows");
        }

        @Test
        void reportsATagUsedTwiceInOneSource() throws Exception {
            String source = SOURCE + "// tag::hello[]\nint z;\n// end::hello[]\n";
            assertThat(check(String.join("\n",
                    "<!-- snippet: m/src/test/java/x/ExampleTest.java#hello -->",
                    "```java", "int z;", "```", ""), source)).singleElement().asString()
                    .startsWith("docs/page.md:2:").contains("has 2 `// tag::hello[]` lines");
        }

        @Test
        void reportsAMarkerThatIsNotRightAboveAJavaBlockAndOneOutsideTheTests() throws Exception {
            Files.createDirectories(root.resolve("m/src/main/java/x"));
            Files.writeString(root.resolve("m/src/main/java/x/Main.java"), "// tag::a[]\nint a;\n// end::a[]\n");
            List<String> problems = check(String.join("\n",
                    "<!-- snippet: m/src/test/java/x/ExampleTest.java#hello -->",
                    "",
                    "```java", "int answer = 42;", "```",
                    "<!-- snippet: m/src/main/java/x/Main.java#a -->",
                    "```java", "int a;", "```", ""), SOURCE);
            assertThat(problems).hasSize(3);
            assertThat(problems.get(0)).startsWith("docs/page.md:1:").contains("not followed by a ```java block");
            assertThat(problems.get(1)).startsWith("docs/page.md:3:").contains("no snippet marker");
            assertThat(problems.get(2)).startsWith("docs/page.md:7:").contains("compiled test source");
        }
    }
}
