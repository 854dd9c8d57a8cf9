package io.ticktickclock.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small HTTP client for the tests, with polling for state the dashboard's thread reaches eventually. */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Http(Dashboard dashboard) {
        this.base = dashboard.url();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Polls {@code path} until it exists and {@code done} holds (the test's @Timeout bounds the wait): the
     * dashboard's own thread applies the events, so a run that just ended may not be there yet (404).
     */
    JsonNode await(String path, Predicate<JsonNode> done) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<String> r = get(path);
            if (r.statusCode() == 200) {
                JsonNode n = JSON.readTree(r.body());
                if (done.test(n)) {
                    return n;
                }
            } else if (r.statusCode() != 404) {
                throw new AssertionError("GET " + path + ": HTTP " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(20);
        }
    }
}
