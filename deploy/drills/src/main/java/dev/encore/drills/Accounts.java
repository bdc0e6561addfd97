package dev.encore.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Users for the drills, registered and signed in at identity-service like any client; the demo accounts too. */
final class Accounts {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Http http;
    private final String identity;

    Accounts(Http http, String identity) {
        this.http = http;
        this.identity = identity;
    }

    /** A token for a demo account of the local profile (e.g. {@code admin}, {@code artist}, {@code listener}). */
    String demo(String role) {
        return login(role + "@demo.local", "demo-" + role + "-pass");
    }

    /** Access tokens of {@code count} new listeners, registered four at a time (Argon2 makes each sign-in costly). */
    List<String> newListeners(String prefix, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String email = prefix + "-" + run + "-" + i + "@example.com";
                tokens.add(pool.submit(() -> register(email)));
            }
            List<String> result = new ArrayList<>();
            for (Future<String> token : tokens) {
                result.add(token.get());
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("could not register the drill's users: " + e, e);
        }
    }

    private String register(String email) {
        String password = "drill password " + email;
        Http.Answer registered = http.post(identity + "/auth/register", "{\"email\":" + Http.quote(email)
                + ",\"password\":" + Http.quote(password) + ",\"displayName\":\"Drill\"}", null, TIMEOUT);
        if (registered.status() != 201) {
            throw new IllegalStateException("register " + email + ": " + registered.status() + " " + registered.body());
        }
        return login(email, password);
    }

    private String login(String email, String password) {
        Http.Answer login = http.post(identity + "/auth/login", "{\"email\":" + Http.quote(email) + ",\"password\":"
                + Http.quote(password) + "}", null, TIMEOUT);
        if (login.status() != 200) {
            throw new IllegalStateException("login " + email + ": " + login.status() + " " + login.body());
        }
        return login.json().getString("accessToken");
    }
}
