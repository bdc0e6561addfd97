package dev.encore.identity.account;

import dev.encore.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccountRulesTest {

    @Test
    void emailIsTrimmedAndLowerCased() {
        assertThat(AccountRules.validEmail("  Ada.Lovelace@Example.COM \t"), is("ada.lovelace@example.com"));
    }

    @Test
    void emailNeedsOneAtAndADottedDomain() {
        for (String bad : new String[] {"ada", "ada@", "@example.com", "ada@example", "a b@example.com", "a@b@c.de"}) {
            ProblemException problem = assertThrows(ProblemException.class, () -> AccountRules.validEmail(bad), bad);
            assertThat(problem.problem().field(), is("email"));
        }
    }

    @Test
    void passwordLengthCountsCharactersNotBytes() {
        assertThat(AccountRules.validPassword("ü".repeat(10)), is("ü".repeat(10)));
        assertThrows(ProblemException.class, () -> AccountRules.validPassword("🎵".repeat(9)));
        assertThat(AccountRules.validPassword("🎵".repeat(128)).isEmpty(), is(false));
        assertThrows(ProblemException.class, () -> AccountRules.validPassword("🎵".repeat(129)));
    }

    @Test
    void displayNameIsStrippedAndMustBePrintable() {
        assertThat(AccountRules.validDisplayName("  Ada  "), is("Ada"));
        assertThat(AccountRules.validDisplayName("x".repeat(64)).length(), is(64));
        for (String bad : new String[] {"", "   ", "x".repeat(65), "tab\there", "zero\u200bwidth", "new\nline"}) {
            ProblemException problem = assertThrows(ProblemException.class,
                                                    () -> AccountRules.validDisplayName(bad), bad);
            assertThat(problem.problem().field(), is("displayName"));
        }
    }
}
