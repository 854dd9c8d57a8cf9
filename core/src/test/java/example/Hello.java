package example;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;

public class Hello {
    public static void main(String[] args) {
        BspRuntime runtime = BspRuntime.builder().processors(4).build();
        BspResult<Long> result = runtime.run((BspContext<Void> ctx) -> {
            ctx.sendLong(0, ctx.pid() * 10L);   // superstep 0: every processor sends a number to processor 0
            ctx.sync();                          // the barrier: what was sent before it is delivered after it
            return ctx.longInbox().sum();        // superstep 1: processor 0 adds up 0 + 10 + 20 + 30
        });
        System.out.println("processor 0 received " + result.result(0));
        System.out.println(result.superstepCount() + " supersteps on " + runtime.processors() + " processors");
    }
}
