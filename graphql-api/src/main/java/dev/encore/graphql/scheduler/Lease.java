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

    /** Where a contender stands after a {@link #refresh}. */
    public enum Standing {
        /** Held it before and renewed it. */
        RENEWED,
        /** Took it (first start, or the previous holder's lease ran out): a new, larger token. */
        TOOK_OVER,
        /** Held it before, but another contender has it now (this one was paused or cut off past the TTL). */
        LOST,
        /** Neither held it before nor could take it. */
        FOLLOWER;

        public boolean leads() {
            return this == RENEWED || this == TOOK_OVER;
        }
    }

    /** Renews or takes the lease. */
    public Standing refresh() {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        Duration wait = Duration.ofSeconds(5);
        boolean held = token > 0;
        // When MongoDB does not answer, this throws and the token stays: a later renewal may still succeed, and
        // token() stops the writes once validUntil passes, which is before anyone else can take over.
        if (held && Boolean.TRUE.equals(leases.renew(name, owner, token, expiresAt).await().atMost(wait))) {
            validUntil = now.plus(ttl.dividedBy(2));
            return Standing.RENEWED;
        }
        Long taken = leases.take(name, owner, now, expiresAt).await().atMost(wait);
        if (taken == null) {
            token = 0;
            validUntil = Instant.EPOCH;
            return held ? Standing.LOST : Standing.FOLLOWER;
        }
        token = taken;
        validUntil = now.plus(ttl.dividedBy(2));
        return Standing.TOOK_OVER;
    }

    /** The token this contender last held (0 if none), whether or not it is still safe to write with it. */
    public long lastToken() {
        return token;
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
