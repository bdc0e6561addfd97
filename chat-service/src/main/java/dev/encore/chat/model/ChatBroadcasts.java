package dev.encore.chat.model;

import java.util.concurrent.CompletionStage;

import dev.encore.support.events.ChatSignal;

/**
 * How the rules tell the other replicas what happened (a stored message, a delete, a signal): a port, so that the
 * rules do not depend on the Kafka adapter that implements it ({@code fanout.ChatPublisher}). Each stage completes
 * when the broker has the record, and fails within seconds when it cannot take it.
 */
public interface ChatBroadcasts {

    /** This replica's id: signals carry it, so a replica can skip what it sent itself. */
    String instanceId();

    CompletionStage<Void> message(Message message);

    CompletionStage<Void> deleted(String roomId, String id);

    CompletionStage<Void> signal(ChatSignal.Kind kind, String roomId, String userId, String displayName);
}
