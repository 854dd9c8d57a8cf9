package io.ticktickclock.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What a command prints on stdout: lines for a person, or, with {@code --json}, exactly one JSON document
 * (printed by {@link #finish}) with the same facts under stable keys. Progress, warnings and metrics never
 * go here (they go to stderr or a file), so stdout can be piped into a program. Not thread-safe: used by the
 * command's thread.
 */
final class Report {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final boolean json;
    private final ObjectNode document = MAPPER.createObjectNode();

    Report(PrintStream out, boolean json, String command) {
        this.out = out;
        this.json = json;
        document.put("command", command);
    }

    boolean json() {
        return json;
    }

    /** The document, to add fields to; printed only with {@code --json}. */
    ObjectNode document() {
        return document;
    }

    /** Prints a line for a person (only without {@code --json}). */
    void line(String format, Object... args) {
        if (!json) {
            out.println(String.format(Locale.ROOT, format, args));
        }
    }

    /** Prints text for a person as it is (only without {@code --json}). */
    void text(String text) {
        if (!json) {
            out.print(text);
        }
    }

    /** Sets {@code key} to {@code value}, or to null when it is not finite (JSON has no NaN or infinity). */
    static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /** Parses JSON written by core's own writer (the analysis, a machine profile) into a node. */
    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("core wrote invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** With {@code --json}, prints the document: one line, one document. */
    void finish() {
        if (json) {
            try {
                out.println(MAPPER.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
    }
}
