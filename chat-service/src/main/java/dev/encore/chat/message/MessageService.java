package dev.encore.chat.message;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatConfig;
import dev.encore.chat.ChatMetrics;
import dev.encore.chat.delivery.ChatSocket;
import dev.encore.chat.delivery.Frames;
import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.Message;
import dev.encore.chat.model.Rejection;
import dev.encore.chat.model.RetryHint;
import dev.encore.chat.model.Slot;
import dev.encore.chat.moderation.ModerationService;
import dev.encore.support.mongo.Indexes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Accepting, deleting and replaying messages.
 *
 * <p>A message is stored in MongoDB before anything else happens, under the room's next free id (see
 * {@link MessageWriter}) and a unique (room, user, clientId) index; only then is it delivered to this replica's
 * sockets and published to Kafka for the other replicas. So the sender's acknowledgement (its own message coming
 * back) means the message is stored and in everyone's history, a resend can never store it twice, and a failed
 * publish loses nothing: the sender also gets {@code UNAVAILABLE}, other replicas fill the gap from MongoDB when the
 * next message of the room arrives, and the sender's resend publishes it again (replicas drop ids they already
 * delivered).
 */
@ApplicationScoped
public class MessageService {

    private static final Logger LOG = Logger.getLogger(MessageService.class.getName());
    private static final int MAX_CLIENT_ID = 64;

    @Inject
    MessageRepository repository;

    @Inject
    ModerationService moderation;

    @Inject
    MessageWriter writer;

    @Inject
    ChatBroadcasts publisher;

    @Inject
    ChatConfig config;

    @Inject
    ChatMetrics metrics;

    @Inject
    RetryHint retryHint;

    /** In the background, retried until MongoDB answers: a MongoDB down at startup shows in readiness meanwhile. */
    void createIndexes(@Observes @Initialized(jakarta.enterprise.context.ApplicationScoped.class) Object startup) {
        Indexes.ensureAtStartup("chat messages", repository::ensureIndexes);
    }

    /**
     * Handles a {@code message} frame; every outcome ends in a frame to the sender (its message or an error). The checks
     * run here, on the socket's thread; storing and publishing run on the room's writer.
     */
    public void send(ChatSocket socket, String rawText, String clientId) {
        if (clientId == null || clientId.isBlank() || clientId.length() > MAX_CLIENT_ID) {
            reject(socket, new Rejection("BAD_FRAME", "clientId is required (1-64 characters).", null), null);
            return;
        }
        String text = rawText == null ? "" : TextRules.clean(rawText);
        if (text.isEmpty()) {
            reject(socket, new Rejection("EMPTY", "The message is empty.", null), clientId);
            return;
        }
        if (TextRules.length(text) > TextRules.MAX_LENGTH) {
            reject(socket, new Rejection("TOO_LONG", "A message has at most " + TextRules.MAX_LENGTH + " characters.",
                    null), clientId);
            return;
        }
        try {
            Rejection rejection = moderation.checkMessage(socket);
            if (rejection != null) {
                reject(socket, rejection, clientId);
                return;
            }
            if (!writer.submit(socket, text, clientId)) {
                reject(socket, new Rejection("UNAVAILABLE", "Too many messages are waiting to be stored in this room;"
                        + " resend it with the same clientId.", retryHint.millis()), clientId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not accept a message in room " + socket.roomId() + ": " + e);
            reject(socket, new Rejection("UNAVAILABLE", "The message could not be stored; resend it with the same clientId.",
                    retryHint.millis()), clientId);
        }
    }

    /** Handles a {@code delete} frame: the author, a moderator or an admin may delete; everyone gets {@code deleted}. */
    public void delete(ChatSocket socket, String id) {
        long seq = Message.parseId(id);
        if (seq <= 0) {
            reject(socket, new Rejection("BAD_FRAME", "delete needs the id of a message.", null), null);
            return;
        }
        try {
            Message message = repository.findBySeq(socket.roomId(), seq);
            if (message == null) {
                reject(socket, new Rejection("BAD_FRAME", "There is no message " + id + " in this room.", null), null);
                return;
            }
            if (!message.userId().equals(socket.userId()) && !socket.moderator()) {
                reject(socket, new Rejection("FORBIDDEN", "Only the author or a moderator may delete a message.", null),
                        null);
                return;
            }
            repository.markDeleted(socket.roomId(), seq);
            // Published even when it was already deleted, so repeating a delete after a failed publish repairs it.
            publisher.deleted(socket.roomId(), message.id()).whenComplete((ok, error) -> {
                if (error != null) {
                    reject(socket, new Rejection("UNAVAILABLE", "The message is deleted but others may still see it;"
                            + " repeat the delete.", retryHint.millis()), null);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete " + id + " in room " + socket.roomId() + ": " + e);
            reject(socket, new Rejection("UNAVAILABLE", "The message could not be deleted now.", retryHint.millis()), null);
        }
    }

    /** The history frame for a socket that just opened, with what the room's feed needs to continue from it. */
    public History history(String roomId, Long since) {
        boolean truncated = false;
        List<Slot> slots;
        long expectedFirst;
        if (since == null) {
            slots = repository.latest(roomId, config.historySize());
            expectedFirst = slots.isEmpty() ? 1 : slots.getFirst().seq();
        } else {
            slots = repository.after(roomId, since, config.historyMax() + 1);
            expectedFirst = since + 1;
            if (slots.size() > config.historyMax()) {
                truncated = true;
                slots = repository.latest(roomId, config.historyMax());
                expectedFirst = slots.getFirst().seq();
            } else if (slots.isEmpty()) {
                // A since beyond the room's last id (another deployment's, or invented) must not hide later messages.
                long last = repository.lastSeq(roomId);
                if (since > last) {
                    return new History(Frames.history(List.of(), false), last, last);
                }
            }
        }
        // Stop at the first missing number: a message still being stored must not be skipped by a client that resumes
        // from the last id it saw. The room's feed delivers everything after the cut, in order.
        List<Message> visible = new ArrayList<>();
        long end = expectedFirst - 1;
        long knownMax = end;
        for (Slot slot : slots) {
            knownMax = Math.max(knownMax, slot.seq());
            if (slot.seq() != end + 1 || knownMax != slot.seq()) {
                continue;
            }
            end = slot.seq();
            if (slot.message() != null) {
                visible.add(slot.message());
            }
        }
        return new History(Frames.history(visible, truncated), end, knownMax);
    }

    /** {@code end}: the last id the socket has seen once it got {@code frame}; {@code knownMax}: the highest id read. */
    public record History(String frame, long end, long knownMax) { }

    private void reject(ChatSocket socket, Rejection rejection, String clientId) {
        metrics.rejected(rejection.code());
        socket.send(Frames.error(rejection.code(), rejection.message(), rejection.retryAfterMs(), clientId));
    }
}
