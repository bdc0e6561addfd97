package dev.encore.identity.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.encore.support.problem.ProblemException;

/** The rules for what an account may hold; each failure is a 400 problem naming the field. */
public final class AccountRules {

    public static final int PASSWORD_MIN = 10;
    public static final int PASSWORD_MAX = 128;
    public static final int DISPLAY_NAME_MAX = 64;
    static final int EMAIL_MAX = 254;

    // Deliberately loose: one @, something on both sides, a dot in the domain, no spaces. Proving an address exists
    // takes a confirmation mail, not a regular expression.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private AccountRules() {
    }

    /** Trimmed and lower-cased: the form that is stored, indexed and compared. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    static String validEmail(String email) {
        String normalized = normalizeEmail(required("email", email));
        if (normalized.length() > EMAIL_MAX || !EMAIL.matcher(normalized).matches()) {
            throw ProblemException.badField("email", "'email' must be an email address such as ada@example.com.");
        }
        return normalized;
    }

    static String validPassword(String password) {
        required("password", password);
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            throw ProblemException.badField("password", "'password' must be " + PASSWORD_MIN + " to " + PASSWORD_MAX
                                                        + " characters long.");
        }
        return password;
    }

    /** NFC-normalized and stripped; 1 to 64 printable characters (no control, format or unassigned code points). */
    static String validDisplayName(String displayName) {
        String name = Normalizer.normalize(required("displayName", displayName), Normalizer.Form.NFC).strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > DISPLAY_NAME_MAX) {
            throw ProblemException.badField("displayName", "'displayName' must be 1 to " + DISPLAY_NAME_MAX
                                                           + " characters long.");
        }
        if (!name.codePoints().allMatch(AccountRules::printable)) {
            throw ProblemException.badField("displayName", "'displayName' may hold printable characters only.");
        }
        return name;
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    static String required(String field, String value) {
        if (value == null) {
            throw ProblemException.badField(field, "'" + field + "' is required.");
        }
        return value;
    }
}
