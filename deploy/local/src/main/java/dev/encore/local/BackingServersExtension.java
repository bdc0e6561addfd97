package dev.encore.local;

import java.util.Locale;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Points a service under test at real backing servers and the test token issuer, through the same configuration
 * keys that production uses ({@code mongodb.uri}, {@code redis.url}, {@code kafka.bootstrap.servers},
 * {@code jwt.*}). Each test class gets a database of its own (and each test JVM its own names when the MongoDB is a
 * real, possibly shared server: see {@link TestMongo}). Declare it above {@code @HelidonTest}, so the servers
 * are up before CDI boots:
 *
 * <pre>{@code
 * @ExtendWith(BackingServersExtension.class)
 * @HelidonTest
 * class SomethingIT { ... }
 * }</pre>
 *
 * Test methods and constructors may take {@link BackingServers} and {@link TestTokenIssuer} parameters.
 */
public class BackingServersExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        BackingServers servers = BackingServers.shared();
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        System.setProperty("mongodb.uri", servers.mongo().uri());
        System.setProperty("mongodb.database",
                servers.mongo().database("test_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)));
        System.setProperty("redis.url", servers.redis().url());
        System.setProperty("kafka.bootstrap.servers", servers.kafka().bootstrapServers());
        System.setProperty("jwt.issuer", issuer.issuer());
        System.setProperty("jwt.jwks-url", issuer.jwksUrl());
        System.setProperty("jwt.audience", TestTokenIssuer.AUDIENCE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == BackingServers.class || type == TestTokenIssuer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BackingServers.class
                ? BackingServers.shared()
                : TestTokenIssuer.shared();
    }
}
