package dev.encore.chat.message;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatMetrics;
import dev.encore.chat.delivery.ChatSocket;
import dev.encore.chat.delivery.Frames;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.message.MessageRepository.Stored;
import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.Message;
import dev.encore.chat.model.RetryHint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Gives accepted messages their ids, stores them, publishes them for the other replicas and hands them to this
 * replica's sockets at once: per room, one writer at a time on this replica, taking whatever queued up meanwhile as
 * one ordered insert. (The Kafka copy that comes back here is dropped as already delivered; local sockets do not wait
 * for the broker round trip, which was most of the delay on a busy machine.)
 *
 * <p>Why one writer per room: ids are claimed by inserting (see {@link MessageRepository}), so concurrent senders of a
 * room compete for the same next id and the losers go round again. Left to every socket thread, a busy room turns
 * into a storm of conflicting inserts; queued here, senders on one replica never compete, replicas compete with one
 * insert each, and a burst costs one round trip instead of one per message. It also publishes this replica's messages
 * of a room in id order, so Kafka brings them in order unless two replicas store at the same moment.
 */
@ApplicationScoped
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BATCH = 100;
    // Per room and replica; each sender is rate limited, so a queue this long means storage is stalling.
    private static final int MAX_WAITING = 1000;

    @Inject
    MessageRepository repository;

    @Inject
    ChatBroadcasts publisher;

    @Inject
    LocalRooms rooms;

    @Inject
    ChatMetrics metrics;

    @Inject
    RetryHint retryHint;

    private final Map<String, RoomQueue> queues = new ConcurrentHashMap<>();

    private record Submitted(ChatSocket socket, String text, String clientId) { }

    /**
     * The messages of one room waiting for its writer; its fields change only inside {@code queues.compute} for the
     * room. A queue is dropped when its writer finds it empty, so it never has two writers.
     */
    private static final class RoomQueue {
        final String roomId;
        final ArrayDeque<Submitted> waiting = new ArrayDeque<>();
        boolean writing;

        RoomQueue(String roomId) {
            this.roomId = roomId;
        }
    }

    /** Queues an accepted message; false when the room's queue is full (the caller answers UNAVAILABLE). */
    public boolean submit(ChatSocket socket, String text, String clientId) {
        boolean[] accepted = {false};
        boolean[] start = {false};
        RoomQueue queue = queues.compute(socket.roomId(), (roomId, current) -> {
            RoomQueue q = current == null ? new RoomQueue(roomId) : current;
            if (q.waiting.size() < MAX_WAITING) {
                q.waiting.add(new Submitted(socket, text, clientId));
                accepted[0] = true;
                start[0] = !q.writing;
                q.writing = true;
            }
            return q;
        });
        if (start[0]) {
            rooms.execute(() -> drain(queue));
        }
        return accepted[0];
    }

    private void drain(RoomQueue queue) {
        List<Submitted> batch;
        while (!(batch = take(queue)).isEmpty()) {
            write(queue, batch);
        }
    }

    /** The next batch; when there is none the writer stops and the room's queue is dropped. */
    private List<Submitted> take(RoomQueue queue) {
        List<Submitted> batch = new ArrayList<>();
        queues.compute(queue.roomId, (roomId, current) -> {
            while (batch.size() < MAX_BATCH && !queue.waiting.isEmpty()) {
                batch.add(queue.waiting.poll());
            }
            queue.writing = !batch.isEmpty();
            return queue.writing ? queue : null;
        });
        return batch;
    }

    private void write(RoomQueue queue, List<Submitted> batch) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<Submitted> rest = batch;
        int conflicts = 0;
        try {
            // Any id this replica has seen stored is safe to build on: the next one is free or taken, never a hole.
            long next = rooms.highestKnownId(queue.roomId) + 1;
            while (!rest.isEmpty()) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                List<Message> numbered = new ArrayList<>(rest.size());
                for (Submitted s : rest) {
                    numbered.add(new Message(Message.formatId(next + numbered.size()), queue.roomId, s.socket().userId(),
                            s.socket().displayName(), s.text(), now, s.clientId()));
                }
                Stored stored = repository.insertInOrder(numbered);
                // This replica's sockets first: a Kafka send can wait on the producer's buffer lock, and the local
                // sockets need nothing from the broker (the copy that comes back is dropped as already delivered).
                for (int i = 0; i < stored.count(); i++) {
                    rooms.offer(numbered.get(i));
                }
                for (int i = 0; i < stored.count(); i++) {
                    metrics.messageIn();
                    publish(rest.get(i).socket(), numbered.get(i));
                }
                next += stored.count();
                if (stored.conflict() == null) {
                    break;
                }
                Submitted stopped = rest.get(stored.count());
                switch (stored.conflict()) {
                    case CLIENT_ID -> {
                        resent(stopped);
                        rest = rest.subList(stored.count() + 1, rest.size());
                    }
                    case SEQ -> {
                        // Another replica stored this id first: most often just this one, so the next id is tried
                        // at once; when that is taken too, the room's last id is read instead of chasing it.
                        metrics.seqConflict();
                        if (System.nanoTime() - deadline > 0) {
                            throw new IllegalStateException("no free message id within " + TIMEOUT);
                        }
                        next = ++conflicts == 1 ? next + 1
                                : Math.max(next + 1, repository.lastSeq(queue.roomId) + 1);
                        rest = rest.subList(stored.count(), rest.size());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not store " + rest.size() + " message(s) in room " + queue.roomId + ": " + e);
            for (Submitted s : rest) {
                unavailable(s.socket(), "The message could not be stored; resend it with the same clientId.",
                        s.clientId());
            }
        }
    }

    /** The sender resent a clientId it already stored: it gets the stored message back, and everyone else nothing new. */
    private void resent(Submitted submitted) {
        ChatSocket socket = submitted.socket();
        Message stored = repository.findByClientId(socket.roomId(), socket.userId(), submitted.clientId());
        if (stored != null) {
            socket.send(Frames.duplicate(stored));
            if (stored.text() != null) {
                // Published again in case the first publish failed; replicas drop ids they already delivered.
                publish(socket, stored);
                rooms.offer(stored);
            }
        }
    }

    private void publish(ChatSocket socket, Message message) {
        publisher.message(message).whenComplete((ok, error) -> {
            if (error != null) {
                unavailable(socket, "The message " + message.id()
                        + " is stored but could not be broadcast right now; resend it with the same clientId.",
                        message.clientId());
            }
        });
    }

    private void unavailable(ChatSocket socket, String message, String clientId) {
        metrics.rejected("UNAVAILABLE");
        socket.send(Frames.error("UNAVAILABLE", message, retryHint.millis(), clientId));
    }
}
