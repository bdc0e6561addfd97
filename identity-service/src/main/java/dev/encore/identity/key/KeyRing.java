package dev.encore.identity.key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The keys in force at one moment: the one that signs, and those that only verify (the previous key after a
 * rotation, until every token it signed has expired; or the next key, published before it starts signing).
 */
public record KeyRing(JWK signing, List<JWK> verifyOnly, JWSSigner signer) {

    static KeyRing of(JWK signing, List<JWK> verifyOnly) {
        try {
            JWSSigner signer = signing instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) signing);
            return new KeyRing(signing, List.copyOf(verifyOnly), signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("The signing key " + signing.getKeyID() + " cannot sign: " + e.getMessage(), e);
        }
    }

    public String kid() {
        return signing.getKeyID();
    }

    public JWSAlgorithm algorithm() {
        return JWSAlgorithm.parse(signing.getAlgorithm().getName());
    }

    /** The public halves of every key a valid token may be signed with: what {@code jwks.json} serves. */
    public JWKSet publicKeys(Instant now) {
        List<JWK> keys = new ArrayList<>();
        keys.add(signing.toPublicJWK());
        for (JWK key : verifyOnly) {
            if (key.getExpirationTime() == null || key.getExpirationTime().toInstant().isAfter(now)) {
                keys.add(key.toPublicJWK());
            }
        }
        return new JWKSet(keys);
    }
}
