package dev.encore.identity.login;

import java.util.concurrent.atomic.AtomicInteger;

import dev.encore.identity.account.PasswordHasher;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The service's own hasher, counting the Argon2 verifications it runs, so a test can prove that a login for an
 * unknown email does the same work as a wrong password without timing it.
 */
@Alternative
@Priority(100)
@ApplicationScoped
public class CountingPasswordHasher extends PasswordHasher {

    private static final AtomicInteger VERIFICATIONS = new AtomicInteger();

    @Override
    public boolean verify(String password, String stored) {
        VERIFICATIONS.incrementAndGet();
        return super.verify(password, stored);
    }

    static int verificationsSince(int before) {
        return VERIFICATIONS.get() - before;
    }

    static int verifications() {
        return VERIFICATIONS.get();
    }
}
