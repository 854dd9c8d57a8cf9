package io.ticktickclock.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

class WorkerMainTest {

    @Test
    void theWorkersOptionsParseInBothSpellings() {
        assertThatCode(() -> WorkerMain.parse(new String[] {"--bind", "127.0.0.1", "--port=5702", "--join",
                "a:1,b:2", "--processors", "3", "--cluster-name", "x", "--heartbeat-timeout-seconds", "9"}))
                .doesNotThrowAnyException();
    }

    @Test
    void badOptionsAreReportedWithTheOptionAndTheValue() {
        assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--port", "http"}))
                .hasMessage("--port must be an integer, got 'http'");
        assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--nope", "1"}))
                .hasMessageStartingWith("unknown option --nope");
        assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--join"})).hasMessage("--join needs a value");
        assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--processors", "0"}))
                .hasMessageContaining("processors must be >= 1, got 0");
    }
}
