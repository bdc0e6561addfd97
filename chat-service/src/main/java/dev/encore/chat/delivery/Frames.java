package dev.encore.chat.delivery;

import java.util.List;
import java.util.Map;

import dev.encore.chat.model.Message;

/**
 * Encodes server-to-client frames. Hand-written rather than JSON-B because a message frame is built once and then sent
 * to every socket of the room, so its cost matters, and the shapes are few and fixed by the API contract.
 */
public final class Frames {

    private Frames() {
    }

    public static String message(Message m) {
        return messageObject(new StringBuilder(256).append("{\"type\":\"message\","), m).append('}').toString();
    }

    /** The stored message returned to a sender who resent a {@code clientId}: an acknowledgement, not a new message. */
    public static String duplicate(Message m) {
        return messageObject(new StringBuilder(256).append("{\"type\":\"message\",\"duplicate\":true,"), m)
                .append('}').toString();
    }

    public static String history(List<Message> messages, boolean truncated) {
        StringBuilder out = new StringBuilder(128 + messages.size() * 160).append("{\"type\":\"history\",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            messageObject(out.append('{'), messages.get(i)).append('}');
        }
        out.append(']');
        if (truncated) {
            out.append(",\"truncated\":true");
        }
        return out.append('}').toString();
    }

    public static String deleted(String id) {
        return "{\"type\":\"deleted\",\"id\":" + quote(id) + "}";
    }

    public static String typing(String userId, String displayName) {
        return "{\"type\":\"typing\",\"userId\":" + quote(userId) + ",\"displayName\":" + quote(displayName) + "}";
    }

    /** {@code users}: userId to displayName, in display order. */
    public static String presence(Map<String, String> users) {
        StringBuilder out = new StringBuilder(64 + users.size() * 48).append("{\"type\":\"presence\",\"users\":[");
        boolean first = true;
        for (Map.Entry<String, String> user : users.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("{\"userId\":").append(quote(user.getKey()))
                    .append(",\"displayName\":").append(quote(user.getValue())).append('}');
        }
        return out.append("]}").toString();
    }

    public static String error(String code, String message, Long retryAfterMs) {
        StringBuilder out = new StringBuilder(96).append("{\"type\":\"error\",\"code\":").append(quote(code))
                .append(",\"message\":").append(quote(message));
        if (retryAfterMs != null) {
            out.append(",\"retryAfterMs\":").append(Math.max(1, retryAfterMs));
        }
        return out.append('}').toString();
    }

    /** An error about one message frame: {@code clientId} tells the sender which send failed. */
    public static String error(String code, String message, Long retryAfterMs, String clientId) {
        String base = error(code, message, retryAfterMs);
        return clientId == null ? base : base.substring(0, base.length() - 1) + ",\"clientId\":" + quote(clientId) + "}";
    }

    /** A system frame: {@code fields} are written in order; values are strings, numbers or null. */
    public static String system(String kind, String text, Map<String, Object> fields) {
        StringBuilder out = new StringBuilder(160).append("{\"type\":\"system\",\"kind\":").append(quote(kind))
                .append(",\"text\":").append(quote(text));
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            out.append(',').append(quote(field.getKey())).append(':');
            Object value = field.getValue();
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number) {
                out.append(value);
            } else {
                out.append(quote(value.toString()));
            }
        }
        return out.append('}').toString();
    }

    private static StringBuilder messageObject(StringBuilder out, Message m) {
        return out.append("\"id\":").append(quote(m.id()))
                .append(",\"roomId\":").append(quote(m.roomId()))
                .append(",\"userId\":").append(quote(m.userId()))
                .append(",\"displayName\":").append(quote(m.displayName()))
                .append(",\"text\":").append(quote(m.text()))
                .append(",\"ts\":").append(quote(m.ts() == null ? null : m.ts().toString()))
                .append(",\"clientId\":").append(quote(m.clientId()));
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // U+2028/2029 are legal JSON but break JavaScript string literals in older clients.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
