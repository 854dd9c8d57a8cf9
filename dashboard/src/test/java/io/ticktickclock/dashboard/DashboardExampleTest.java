package io.ticktickclock.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.SpmdProgram;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.telemetry.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/dashboard.md compiles and runs (keep the two in step). */
@Timeout(60)
class DashboardExampleTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the documented way to open a dashboard from Java serves the run it watched")
    void documentedExample() throws Exception {
        Path profileFile = dir.resolve("profile.json");
        new MachineProfile(4, 1.5, 0.1, 8_000, 500, 0.99, 20, 4, "jvm", "os", "now").save(profileFile);
        SpmdProgram<Long, Long> program = (BspContext<Long> ctx) -> {
            for (int i = 0; i < 3; i++) {
                ctx.sendLong((ctx.pid() + 1) % ctx.processors(), i);
                ctx.sync();
            }
            return ctx.longInbox().sum();
        };
        String url;
        // --- docs/dashboard.md, "Opening it from Java" ---
        Telemetry telemetry = Telemetry.create();
        try (Dashboard dashboard = Dashboard.builder(telemetry)
                .port(0)                                                    // 0: any free port
                .profile(MachineProfile.load(profileFile))                  // optional: the cost-model view
                .build()
                .start()) {
            System.err.println("dashboard: " + dashboard.url());
            BspRuntime runtime = BspRuntime.builder().processors(4).observer(telemetry).build();
            runtime.run("ring", program);
            // …
            // --- end of the example: the test goes on in "…" ---
            url = dashboard.url();
            Http http = new Http(dashboard);
            assertThat(http.await("/api/runs", n -> n.get("runs").size() == 1
                    && n.get("runs").get(0).get("state").asText().equals("converged")).get("runs").get(0)
                    .get("cost").get("profileMatches").asBoolean()).isTrue();
        }
        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(Files.exists(profileFile)).isTrue();
    }
}
