package dev.encore.support.mongo;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A malformed MONGODB_URI stops startup with a message that names the variable and never echoes the password. */
class MongoUriValidationTest {

    @Test
    void malformedUriNamesTheVariable() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> MongoClientProducer.parse("localhost:27017"));
        assertThat(error.getMessage(), containsString("MONGODB_URI"));
    }

    @Test
    void errorDoesNotLeakThePassword() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> MongoClientProducer.parse("mongodb://app:s3cret@host:notaport/db"));
        assertThat(error.getMessage(), containsString("MONGODB_URI"));
        assertThat(error.getMessage(), not(containsString("s3cret")));
    }

    @Test
    void atlasSrvUriIsAccepted() {
        // Parsing an SRV URI does not resolve DNS; that happens on first use.
        MongoClientProducer.parse("mongodb+srv://app:pw@cluster0.example.mongodb.net/?retryWrites=true&w=majority");
    }
}
