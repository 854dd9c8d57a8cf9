package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java examples of the documentation are code the build compiles and runs: every {@code ```java} block of
 * the documents below is preceded by a comment {@code <!-- source: PATH -->} naming a test source of this
 * repository, and each paragraph of the block appears in that file as consecutive lines, in the block's
 * order. Paragraphs are separated by a blank line or by a line {@code // …}, which stands for code left out.
 * Lines are compared without their indentation and with runs of spaces as one space, so a block may be
 * indented differently from its test, nothing else; blank lines of the source do not interrupt a paragraph.
 */
class DocsCodeBlocksTest {

    /** The repository root, seen from core's directory, where Surefire runs. */
    private static final Path ROOT = Path.of("..");

    /** The documents whose Java blocks are checked. */
    static Stream<String> documents() {
        return Stream.of("docs/guide.md", "docs/dashboard.md");
    }

    private static final Pattern SOURCE = Pattern.compile("<!-- source: (\\S+) -->");

    /** A block not (yet) checked must say so in the Markdown source: {@code <!-- unchecked: why -->}. */
    private static final Pattern UNCHECKED = Pattern.compile("<!-- unchecked: .+ -->");

    /** One Java block: the document, the line its fence is on, the source it names (or null) and its lines. */
    record Block(String document, int line, String source, List<String> lines) {
        @Override
        public String toString() {
            return document + ":" + line;
        }
    }

    static List<Block> blocks(String document) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(document));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int previous = i - 1;
            while (previous >= 0 && lines.get(previous).isBlank()) {
                previous--;
            }
            Matcher m = previous >= 0 ? SOURCE.matcher(lines.get(previous).strip()) : null;
            String source = m != null && m.matches() ? m.group(1) : null;
            if (previous >= 0 && UNCHECKED.matcher(lines.get(previous).strip()).matches()) {
                source = "unchecked";
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            blocks.add(new Block(document, i + 1, source, List.copyOf(lines.subList(i + 1, end))));
            i = end;
        }
        return blocks;
    }

    static Stream<Arguments> allBlocks() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String document : documents().toList()) {
            for (Block b : blocks(document)) {
                all.add(Arguments.of(b));
            }
        }
        return all.stream();
    }

    static String normalize(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** The paragraphs of a block: its runs of lines other than blank ones and {@code // …}, normalized. */
    static List<List<String>> paragraphs(List<String> lines) {
        List<List<String>> paragraphs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || normalize(line).equals("// …")) {
                if (!current.isEmpty()) {
                    paragraphs.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(normalize(line));
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current);
        }
        return paragraphs;
    }

    /**
     * Where {@code paragraph} starts in {@code source} at or after {@code from}, as consecutive lines (blank
     * lines of the source do not interrupt a match), or -1; returns the index after the match's last line.
     */
    static int find(List<String> source, List<String> paragraph, int from) {
        for (int start = from; start < source.size(); start++) {
            int s = start;
            int p = 0;
            while (p < paragraph.size() && s < source.size()) {
                if (source.get(s).isEmpty() && p > 0) {
                    s++;
                    continue;
                }
                if (!source.get(s).equals(paragraph.get(p))) {
                    break;
                }
                s++;
                p++;
            }
            if (p == paragraph.size()) {
                return s;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allBlocks")
    @DisplayName("every Java block of the docs is, paragraph by paragraph, the code of the test it names")
    void blockIsItsSource(Block block) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse("unchecked".equals(block.source()), block + " is marked unchecked");
        assertThat(block.source()).as("%s: a ```java block needs a '<!-- source: PATH -->' line before it, naming "
                + "the test it comes from", block).isNotNull();
        assertThat(block.source()).as("%s: the source must be a test the build runs", block)
                .matches("[a-z]+/src/test/java/.+\\.java");
        Path file = ROOT.resolve(block.source());
        assertThat(file).as("%s: its source", block).isRegularFile();
        List<String> source = Files.readAllLines(file).stream().map(DocsCodeBlocksTest::normalize).toList();
        int from = 0;
        for (List<String> paragraph : paragraphs(block.lines())) {
            int next = find(source, paragraph, from);
            assertThat(next).as("%s: this paragraph is not in %s as it is written (after line %d):%n%s", block,
                    block.source(), from, String.join("\n", paragraph)).isNotNegative();
            from = next;
        }
    }

    @Test
    @DisplayName("the checker finds the guide's blocks, and a paragraph differing by one character is not found")
    void checkerWorks() throws IOException {
        long fences = Files.readAllLines(ROOT.resolve("docs/guide.md")).stream()
                .filter(l -> l.strip().equals("```java")).count();
        assertThat(blocks("docs/guide.md")).hasSize((int) fences).hasSizeGreaterThanOrEqualTo(20);
        List<String> source = List.of("int a = 1;", "", "int b = 2;", "int c = 3;");
        assertThat(find(source, List.of("int a = 1;", "int b = 2;"), 0)).isEqualTo(3);
        assertThat(find(source, List.of("int b = 2;", "int c = 4;"), 0)).isNegative();
        assertThat(find(source, List.of("int a = 1;"), 1)).isNegative();
        assertThat(paragraphs(List.of("  x(  1);", "", "    y();", "  // …", "}")))
                .containsExactly(List.of("x( 1);"), List.of("y();"), List.of("}"));
    }
}
