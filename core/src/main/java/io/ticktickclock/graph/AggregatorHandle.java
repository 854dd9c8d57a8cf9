package io.ticktickclock.graph;

import io.ticktickclock.ReduceOp;

/** What both kinds of aggregator are: a slot of their program, with a name and an operation. */
abstract class AggregatorHandle {
    final Object program;
    final int slot;
    private final String name;
    private final ReduceOp op;

    AggregatorHandle(Object program, int slot, String name, ReduceOp op) {
        this.program = program;
        this.slot = slot;
        this.name = name;
        this.op = op;
    }

    public String name() {
        return name;
    }

    public ReduceOp op() {
        return op;
    }

    @Override
    public String toString() {
        return "Aggregator." + getClass().getSimpleName() + "[" + name + ", " + op.name() + "]";
    }
}
