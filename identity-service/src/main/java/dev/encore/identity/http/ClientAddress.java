package dev.encore.identity.http;

import dev.encore.identity.IdentityConfig;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client's network address, for per-address login limits. Behind a proxy every request comes from the proxy, so
 * {@code identity.login.client-ip-header} (for example {@code X-Forwarded-For}) names the header the proxy sets; the
 * last entry is taken, because that is the one the trusted proxy appended (earlier ones are the client's to forge).
 */
@ApplicationScoped
public class ClientAddress {

    @Inject
    IdentityConfig config;

    public String of(ServerRequest request) {
        return config.clientIpHeader()
                .flatMap(header -> request.headers().first(HeaderNames.create(header)))
                .map(value -> value.substring(value.lastIndexOf(',') + 1).trim())
                .filter(value -> !value.isEmpty())
                .orElseGet(() -> request.remotePeer().host());
    }
}
