package io.ticktickclock;

import java.util.List;
import java.util.RandomAccess;

/**
 * The object messages delivered to a processor in the current superstep, as an unmodifiable
 * {@link List}: ordered by source processor, then by send order. Iteration and sequential
 * {@link #get(int)} cost O(1) per message; random access costs O(log p).
 *
 * <p>A live view owned by one processor: not thread-safe, and after the next {@link BspContext#sync()} it
 * shows the next superstep's messages. Copy with {@link List#copyOf} to keep them.
 *
 * <pre>{@code
 * for (Msg m : ctx.inbox()) {
 *     switch (m) {
 *         case Rank r -> add(r.vertex(), r.value());
 *         case Halt h -> halted = true;
 *     }
 * }
 * }</pre>
 *
 * @param <M> the message type
 */
public interface Inbox<M> extends List<M>, RandomAccess {

    /** The processor that sent the message at {@code index}. */
    int sourceOf(int index);

    /** How many messages came from processor {@code source}. */
    int countFrom(int source);
}
