package dev.encore.chat.message;

/** What a message text may be: 1 to 500 characters (code points) after control characters are removed and it is trimmed. */
public final class TextRules {

    public static final int MAX_LENGTH = 500;

    private TextRules() {
    }

    /** The text as it will be stored: control and format characters removed (newlines and tabs become spaces), trimmed. */
    public static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t' || cp == '\r') {
                out.append(' ');
            } else if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                    || cp == 0x200D) { // keep the zero-width joiner: emoji sequences need it
                out.appendCodePoint(cp);
            }
        });
        return out.toString().strip();
    }

    public static int length(String cleaned) {
        return cleaned.codePointCount(0, cleaned.length());
    }
}
