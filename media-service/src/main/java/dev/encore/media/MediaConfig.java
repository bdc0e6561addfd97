package dev.encore.media;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@code media.*} setting of this service in one place, typed. Keys and defaults are in
 * {@code META-INF/microprofile-config.properties}; environment variables override them ({@code MEDIA_MAX_UPLOAD_SIZE}).
 */
@ApplicationScoped
public class MediaConfig {

    @Inject
    @ConfigProperty(name = "media.storage.root")
    Path storageRoot;

    @Inject
    @ConfigProperty(name = "media.max-upload-size")
    String maxUploadSize;

    @Inject
    @ConfigProperty(name = "media.public-base-url")
    Optional<String> publicBaseUrl;

    @Inject
    @ConfigProperty(name = "media.delivery.max-ranges")
    int maxRanges;

    @Inject
    @ConfigProperty(name = "media.delivery.sendfile")
    boolean sendfile;

    @Inject
    @ConfigProperty(name = "media.metadata.max-age")
    Duration metadataMaxAge;

    @Inject
    @ConfigProperty(name = "media.events.retry-interval")
    Duration eventsRetryInterval;

    @Inject
    @ConfigProperty(name = "encore.profile")
    Optional<String> profile;

    public Path storageRoot() {
        return storageRoot;
    }

    /** The upload limit in bytes; the setting takes plain bytes or a KB/MB/GB suffix (powers of 1024). */
    public long maxUploadBytes() {
        return parseSize(maxUploadSize);
    }

    /** The scheme, host and port clients and the CDN reach this service at, when it is not the request's own. */
    public Optional<URI> publicBaseUrl() {
        return publicBaseUrl.filter(url -> !url.isBlank()).map(url -> URI.create(url.replaceAll("/+$", "")));
    }

    public int maxRanges() {
        return maxRanges;
    }

    /**
     * Whether single ranges and whole files go to plain HTTP/1.1 sockets with sendfile (when this JVM allows it, see
     * {@code delivery.SocketChannels}) rather than copied through Helidon's output stream.
     */
    public boolean sendfile() {
        return sendfile;
    }

    public Duration metadataMaxAge() {
        return metadataMaxAge;
    }

    /** How often the events still in the outbox (Kafka did not acknowledge them yet) are sent again. */
    public Duration eventsRetryInterval() {
        return eventsRetryInterval;
    }

    /** The local stack's profile: relaxed defaults that must never reach production. */
    public boolean localProfile() {
        return profile.map(String::trim).filter("local"::equalsIgnoreCase).isPresent();
    }

    static long parseSize(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (text.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                text = text.substring(0, text.length() - suffix[0].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(text), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalStateException("MEDIA_MAX_UPLOAD_SIZE (media.max-upload-size) is not a size such as "
                                            + "500MB: " + value, e);
        }
    }
}
