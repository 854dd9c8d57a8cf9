package io.ticktickclock.internal;

/**
 * Why a processor arrived at a barrier: {@code sync()}, the end of its program, or a collective (with the
 * type of its values). Every processor must arrive for the same reason, with the same root, shape and
 * operation; the last to arrive compares them ({@link LocalRun}) and describes a mismatch with these names.
 */
final class Kinds {
    private Kinds() {}

    static final int SYNC = 1;
    static final int END = 2;
    static final int BARRIER = 3;
    static final int BROADCAST = 4;
    static final int SCATTER = 5;
    static final int GATHER = 6;
    static final int ALL_GATHER = 7;
    static final int ALL_TO_ALL = 8;
    static final int GATHERV = 9;
    static final int ALL_GATHERV = 10;
    static final int ALL_TO_ALLV = 11;
    static final int ALL_REDUCE = 12;
    static final int ALL_REDUCE_GATHER = 13;
    static final int REDUCE = 14;
    static final int SCAN = 15;
    static final int EXSCAN = 16;
    static final int REDUCE_SCATTER = 17;
    static final int ALL_REDUCE_RELEASE = 18;

    private static final String[] NAMES = {"?", "sync()", "the end of the program", "barrier", "broadcast",
        "scatter", "gather", "allGather", "allToAll", "gatherv", "allGatherv", "allToAllv", "allReduce",
        "allReduce (all-gather phase)", "reduce", "scan", "exscan", "reduceScatter", "allReduce (release)"};

    // Value types, in the low 4 bits of a kind code.
    static final int NONE = 0;
    static final int DOUBLE = 1;
    static final int LONG = 2;
    static final int INT = 3;
    static final int OBJECT = 4;
    static final int DOUBLES = 5;
    static final int LONGS = 6;
    static final int INTS = 7;

    private static final String[] TYPES = {"", "double", "long", "int", "object", "double[]", "long[]", "int[]"};

    static int code(int kind, int type) {
        return kind << 4 | type;
    }

    static int kind(int code) {
        return code >>> 4;
    }

    /** The collective's name, e.g. {@code allReduce}. */
    static String name(int code) {
        int k = kind(code);
        return k < NAMES.length ? NAMES[k] : "kind " + k;
    }

    /** A description for mismatch reports, e.g. {@code allReduce(double[8], SUM)} or {@code broadcast(root=1)}. */
    static String describe(int code, int root, long shape, String op) {
        int kind = kind(code);
        if (kind == SYNC || kind == END) {
            return name(code);
        }
        StringBuilder s = new StringBuilder(name(code)).append('(');
        String type = TYPES[code & 15];
        String sep = "";
        if (!type.isEmpty()) {
            // Arrays show their length: double[8].
            s.append(shape >= 0 && type.endsWith("[]") ? type.replace("[]", "[" + shape + "]") : type);
            sep = ", ";
        }
        if (root >= 0) {
            s.append(sep).append("root=").append(root);
            sep = ", ";
        }
        if (op != null) {
            s.append(sep).append(op);
        }
        return s.append(')').toString();
    }
}
