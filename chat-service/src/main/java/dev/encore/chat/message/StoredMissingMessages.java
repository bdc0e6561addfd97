package dev.encore.chat.message;

import java.util.List;

import dev.encore.chat.delivery.MissingMessages;
import dev.encore.chat.model.Slot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The gap fill of {@link dev.encore.chat.delivery.LocalRooms}, read from the {@code messages} collection. */
@ApplicationScoped
public class StoredMissingMessages implements MissingMessages {

    @Inject
    MessageRepository repository;

    @Override
    public List<Slot> between(String roomId, long after, long upTo) {
        return repository.between(roomId, after, upTo);
    }

    @Override
    public boolean claim(String roomId, long seq) {
        return repository.insertTombstone(roomId, seq);
    }
}
