package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph shipped in {@code examples/data}: WordNet 3.0's verb hypernym graph, derived by {@link #derive},
 * and the README's examples that run on it. Regenerate the file with
 * {@code ./mvnw -pl examples test -Dtest=ShippedGraphTest -Dttc.writeData=true} (needs Debian's
 * {@code wordnet-base}).
 */
@Timeout(120)
class ShippedGraphTest {

    static final Path ROOT = root();
    static final Path DATA = ROOT.resolve("examples/data/wordnet-verb-hypernyms.txt.gz");
    static final Path WORDNET = Path.of("/usr/share/wordnet");

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("examples/pom.xml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /**
     * The edge list: one line {@code verb hypernym} per hypernym pointer ({@code @}) between verb synsets of
     * WordNet's {@code data.verb}, a synset's id being its byte offset in that file; in file order, after a
     * header of {@code #} comments carrying the source and its licence, which asks to appear on every copy.
     */
    static byte[] derive(Path wordnet) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# WordNet 3.0 verb hypernyms: one line 'verb hypernym' per hypernym pointer (@) between verb\n")
                .append("# synsets of WordNet's data.verb; a synset's id is its byte offset in data.verb. Derived by\n")
                .append("# examples/src/test/java/io/ticktickclock/examples/ShippedGraphTest.java (see examples/data/README.md).\n")
                .append("#\n");
        for (String line : Files.readAllLines(wordnet.resolve("data.verb"), StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("  ")) {
                b.append("#").append(line.stripTrailing().replaceFirst("^ +\\d+ ?", " ").stripTrailing()).append('\n');
                continue;
            }
            String[] f = line.split(" ");
            int words = Integer.parseInt(f[3], 16);
            int at = 4 + 2 * words;
            int pointers = Integer.parseInt(f[at]);
            at++;
            for (int i = 0; i < pointers; i++, at += 4) {
                if (f[at].equals("@") && f[at + 2].equals("v")) {
                    b.append(Long.parseLong(f[0])).append(' ').append(Long.parseLong(f[at + 1])).append('\n');
                }
            }
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    @DisplayName("the shipped graph is what derive() makes of WordNet 3.0 (when WordNet is installed)")
    void derivedFromWordNet() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(WORDNET), "WordNet is not installed (apt-get install wordnet-base)");
        byte[] derived = derive(WORDNET);
        if (Boolean.getBoolean("ttc.writeData")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {   // no name, time 0: the same bytes every time
                out.write(derived);
            }
            Files.write(DATA, bytes.toByteArray());
        }
        assertThat(new String(gunzip(DATA), StandardCharsets.US_ASCII))
                .isEqualTo(new String(derived, StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("the shipped graph reads: thousands of edges between sparse ids, with its licence in the header")
    void reads() throws IOException {
        Graph g = EdgeListReader.read(DATA);
        assertThat(g.edges()).isBetween(10_000L, 20_000L);
        assertThat(g.ids()).as("sparse ids").isNotNull();
        assertThat(new String(gunzip(DATA), StandardCharsets.US_ASCII)).contains("WordNet 3.0 Copyright 2006 by "
                + "Princeton University");
    }

    /** The {@code bin/ttc} lines of the README's shell blocks that read the shipped data. */
    static List<String> readmeExamples() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> lines = new ArrayList<>();
        Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                if (line.startsWith("bin/ttc ") && line.contains("examples/data/")) {
                    lines.add(line.replaceFirst("\\s+#.*$", ""));
                }
            }
        }
        return lines;
    }

    @Test
    @DisplayName("every README example on the shipped graph runs as written (paths from the repository root)")
    void readmeExamplesRun(@TempDir Path dir) throws IOException {
        List<String> examples = readmeExamples();
        assertThat(examples).as("README examples with --input examples/data/...").isNotEmpty();
        for (String example : examples) {
            List<String> args = new ArrayList<>();
            String[] words = example.substring("bin/ttc ".length()).trim().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                String w = words[i];
                if (i > 0 && words[i - 1].equals("--output")) {
                    w = dir.resolve(Path.of(w).getFileName()).toString();   // not into the working tree
                } else if (w.startsWith("examples/data/")) {
                    w = ROOT.resolve(w).toString();
                }
                args.add(w);
            }
            TtcTest.Outcome o = TtcTest.run(args.toArray(String[]::new));
            assertThat(o.exitCode()).as("%s%n%s", example, o.err()).isZero();
            assertThat(o.out()).as(example).isNotEmpty();
            if (example.equals(examples.get(0))) {
                for (String line : printedByFirstExample()) {
                    assertThat(o.out().lines()).as("README: what the first example prints").contains(line);
                }
            }
        }
    }

    /** The lines of the README's {@code text} block after the first shipped-data example, but "...". */
    private static List<String> printedByFirstExample() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("```text", readme.indexOf("--input examples/data/"));
        String block = readme.substring(at + "```text\n".length(), readme.indexOf("```", at + 3));
        List<String> lines = new ArrayList<>(block.lines().filter(l -> !l.equals("...")).toList());
        assertThat(lines).as("the README shows what the first example prints").hasSizeGreaterThan(2);
        return lines;
    }
}
