package dev.encore.graphql.subscription;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

class SubscriptionHubTest {

    private final SubscriptionHub hub = new SubscriptionHub();

    @Test
    void anUpdatePublishedAfterRegisteringButBeforeSubscribingIsDelivered() {
        SubscriptionHub.Registration registration = hub.register("live:1", false);
        hub.publish("live:1", "between the read and the subscribe");
        hub.publish("live:2", "another key");

        AssertSubscriber<Object> subscriber = registration.updates().subscribe().withSubscriber(AssertSubscriber.create(10));
        hub.publish("live:1", "later");

        assertThat(subscriber.getItems(), contains("between the read and the subscribe", "later"));
    }

    @Test
    void aSlowNowPlayingSubscriberGetsOnlyTheNewestWaitingUpdate() {
        SubscriptionHub.Registration registration = hub.register("live:1", true);
        AssertSubscriber<Object> subscriber = registration.updates().subscribe().withSubscriber(AssertSubscriber.create(0));
        hub.publish("live:1", "song 1");
        hub.publish("live:1", "song 2");
        hub.publish("live:1", "song 3");

        subscriber.request(1);
        assertThat(subscriber.getItems(), contains("song 3"));
    }

    @Test
    void aSubscriberThatFallsTooFarBehindFailsAndLeavesTheHub() {
        SubscriptionHub.Registration registration = hub.register("playlist:1", false);
        AssertSubscriber<Object> subscriber = registration.updates().subscribe().withSubscriber(AssertSubscriber.create(0));
        for (int i = 0; i <= SubscriptionHub.BUFFER; i++) {
            hub.publish("playlist:1", i);
        }
        subscriber.assertFailedWith(io.smallrye.mutiny.subscription.BackPressureFailure.class);
        assertThat(hub.hasSubscribers("playlist:1"), is(false));
    }

    @Test
    void aCancelledOrAbandonedRegistrationLeavesTheHub() {
        AssertSubscriber<Object> subscriber = hub.register("live:1", true).updates().subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        SubscriptionHub.Registration abandoned = hub.register("live:1", false);
        assertThat(hub.subscriberCount("live:1"), is(2));

        subscriber.cancel();
        assertThat(hub.subscriberCount("live:1"), is(1));
        abandoned.cancel(); // the subscribe failed after registering, so nobody will ever subscribe
        assertThat(hub.hasSubscribers("live:1"), is(false));
        assertThat(hub.keys("live:"), is(java.util.List.of()));
    }

    @Test
    void aSubscribeWhoseStartStateCannotBeReadFailsAndLeavesNothingBehind() {
        IllegalStateException unknown = new IllegalStateException("There is no live event x.");
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> hub.subscribe("live:x", false, registration -> {
                    throw unknown;
                }));
        assertThat(thrown == unknown, is(true));
        assertThat(hub.hasSubscribers("live:x"), is(false));
    }
}
