package dev.encore.identity.key;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPublicKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Turns PEM text into signing JWKs: RSA (2048 bits or more, RS256) or EC P-256 (ES256), kid = RFC 7638 thumbprint. */
final class KeyMaterial {

    private KeyMaterial() {
    }

    static JWK fromPemFile(Path file, String setting) {
        try {
            return fromPem(Files.readString(file, StandardCharsets.US_ASCII), setting + " (" + file + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(setting + ": cannot read the key file " + file, e);
        }
    }

    /** A PKCS#8 or PKCS#1 private key, an EC private key, or (for verify-only keys) a public key or certificate. */
    static JWK fromPem(String pem, String origin) {
        JWK parsed;
        try {
            parsed = JWK.parseFromPEMEncodedObjects(pem);
        } catch (JOSEException | RuntimeException e) {
            parsed = ecPrivateKeyAlone(pem);
            if (parsed == null) {
                // Never echo the text: it is a private key.
                throw new IllegalStateException(origin + " does not hold a PEM-encoded RSA or EC key", e);
            }
        }
        return withIdentity(parsed, origin);
    }

    /**
     * A PKCS#8 EC private key without its public point (what Java and some tools write): nimbus wants the public key
     * alongside, so it is derived here (Q = d x G).
     */
    private static JWK ecPrivateKeyAlone(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (!(parser.readObject() instanceof PrivateKeyInfo info)
                || !(new JcaPEMKeyConverter().getPrivateKey(info) instanceof ECPrivateKey key)) {
                return null;
            }
            ECPoint q = EC5Util.convertSpec(key.getParams()).getG().multiply(key.getS()).normalize();
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                    key.getParams()));
            return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), publicKey).privateKey(key).build();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The key with its use, algorithm and a kid every replica computes alike, without coordination. */
    static JWK withIdentity(JWK key, String origin) {
        try {
            String kid = key.computeThumbprint().toString();
            if (key instanceof RSAKey rsa) {
                int bits = ((RSAPublicKey) rsa.toPublicKey()).getModulus().bitLength();
                if (bits < 2048) {
                    throw new IllegalStateException(origin + ": an RSA key needs 2048 bits or more, this one has " + bits);
                }
                return new RSAKey.Builder(rsa).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .issueTime(rsa.getIssueTime()).expirationTime(rsa.getExpirationTime()).build();
            }
            if (key instanceof ECKey ec) {
                if (!Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalStateException(origin + ": an EC key must be on P-256 (ES256), not " + ec.getCurve());
                }
                return new ECKey.Builder(ec).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .issueTime(ec.getIssueTime()).expirationTime(ec.getExpirationTime()).build();
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(origin + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(origin + ": only RSA and EC keys can sign tokens");
    }

}
