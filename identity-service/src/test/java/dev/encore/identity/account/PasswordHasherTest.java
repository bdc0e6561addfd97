package dev.encore.identity.account;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

class PasswordHasherTest {

    private final PasswordHasher hasher = PasswordHasher.withParameters(8192, 2, 1);

    @Test
    void hashIsAnArgon2idPhcStringWithItsParameters() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash, startsWith("$argon2id$v=19$m=8192,t=2,p=1$"));
        assertThat(hash.split("\\$").length, is(6));
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hasher.verify("correct horse battery", hash), is(true));
        assertThat(hasher.verify("correct horse batterY", hash), is(false));
        assertThat(hasher.verify("correct horse battery", "garbage"), is(false));
        assertThat(hasher.verify("correct horse battery", null), is(false));
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same password!"), not(hasher.hash("same password!")));
    }

    @Test
    void hashesMadeWithOtherParametersAskForARehashButStillVerify() {
        String old = PasswordHasher.withParameters(4096, 1, 1).hash("correct horse battery");
        assertThat(hasher.verify("correct horse battery", old), is(true));
        assertThat(hasher.needsRehash(old), is(true));
        assertThat(hasher.needsRehash(hasher.hash("correct horse battery")), is(false));
    }

    @Test
    void verifiesNonAsciiPasswords() {
        String hash = hasher.hash("pässwörd mit ümläuten 🎵");
        assertThat(hasher.verify("pässwörd mit ümläuten 🎵", hash), is(true));
    }
}
