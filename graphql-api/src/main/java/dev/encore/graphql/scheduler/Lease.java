package dev.encore.graphql.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One contender for a named lease. {@link #refresh} renews the lease when held, else tries to take it; between
 * refreshes {@link #token} answers whether this contender may still write, with a safety margin so that it stops
 * writing before another could have taken over. Not thread-safe: one scheduler thread refreshes it.
 */
public final class Lease {

    private final LeaseRepository leases;
    private final String name;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    private volatile long token;
    private volatile Instant validUntil = Instant.EPOCH;

    public Lease(LeaseRepository leases, String name, String owner, Duration ttl, Clock clock) {
        this.leases = leases;
        this.name = name;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String owner() {
        return owner;
    }

    /** Renews or takes the lease; true when this contender holds it afterwards. */
    public boolean refresh() {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        Duration wait = Duration.ofSeconds(5);
        if (token > 0 && Boolean.TRUE.equals(leases.renew(name, owner, token, expiresAt).await().atMost(wait))) {
            validUntil = now.plus(ttl.dividedBy(2));
            return true;
        }
        Long taken = leases.take(name, owner, now, expiresAt).await().atMost(wait);
        if (taken == null) {
            token = 0;
            validUntil = Instant.EPOCH;
            return false;
        }
        token = taken;
        validUntil = now.plus(ttl.dividedBy(2));
        return true;
    }

    /** The fencing token while the lease is safely held, else 0. */
    public long token() {
        return clock.instant().isBefore(validUntil) ? token : 0;
    }

    public void release() {
        if (token > 0) {
            leases.release(name, owner, token).await().atMost(Duration.ofSeconds(2));
            token = 0;
            validUntil = Instant.EPOCH;
        }
    }
}
