package dev.encore.media.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.encore.media.MediaConfig;
import dev.encore.media.cdn.CloudflarePurger;
import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.metadata.AudioMetadata;
import dev.encore.media.metadata.FormatSniffer;
import dev.encore.media.metadata.MetadataReader;
import dev.encore.media.metadata.UnreadableAudioException;
import dev.encore.media.storage.BlobStore;
import dev.encore.support.mongo.Indexes;
import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * The rules of the media collection. Runs on the request's virtual thread: the body is read with blocking I/O, and
 * the repository uses MongoDB's synchronous driver; both park the virtual thread rather than a platform thread.
 */
@ApplicationScoped
public class MediaService {

    private static final System.Logger LOG = System.getLogger(MediaService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 9110's 422, which {@code Response.Status} (Jakarta REST 3.1) does not name. */
    private static final Response.StatusType UNPROCESSABLE_CONTENT = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    /**
     * Serialises, per blob, "commit bytes + insert record" against "delete record + count + delete bytes", so a delete
     * that sees no other reference cannot remove a blob an upload is adding a record to. Striped, in process: replicas
     * sharing a store can still race in a window of milliseconds (the README says what production should add).
     */
    private final ReentrantLock[] blobLocks = new ReentrantLock[64];

    @Inject
    MediaConfig config;

    @Inject
    BlobStore store;

    @Inject
    MediaRepository repository;

    @Inject
    MetadataReader metadataReader;

    @Inject
    MediaEventPublisher events;

    @Inject
    CloudflarePurger purger;

    public MediaService() {
        for (int i = 0; i < blobLocks.length; i++) {
            blobLocks[i] = new ReentrantLock();
        }
    }

    void createIndexes(@Observes @Initialized(jakarta.enterprise.context.ApplicationScoped.class) Object startup) {
        // In the background: MongoDB may be down at startup, which readiness reports; startup does not wait for it.
        Indexes.ensureAtStartup("media", repository::ensureIndexes);
    }

    /** What an upload produced: the media, and whether it is new or this owner's earlier upload of the same bytes. */
    public record Upload(Media media, boolean created) {
    }

    /**
     * Receives, checks, measures and stores one audio file. Audio is stored only when it holds at least one complete
     * audio frame; otherwise nothing is kept (the staging file is removed, no record is written).
     *
     * <p>415 when the declared type is not audio this service takes, contradicts the bytes, or claims nothing
     * ({@code application/octet-stream}) and the bytes are no format taken here; 422 when the declared type is one
     * taken here (or the bytes look like one) but the bytes do not hold a complete audio frame: cut off, corrupt,
     * or not audio at all.
     *
     * @param field          what the client calls the audio: {@code body}, or the form field {@code file}
     * @param declaredType   the body's (or the file part's) media type without parameters, or null
     * @param declaredLength the {@code Content-Length}, or -1
     */
    public Upload upload(String ownerId, String field, String declaredType, long declaredLength, InputStream body) {
        checkDeclaredType(declaredType);
        long limit = config.maxUploadBytes();
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        try (StagedUpload staged = receive(body, limit)) {
            if (staged.size() == 0) {
                throw ProblemException.badField(field, "The upload is empty.");
            }
            AudioFormat format = FormatSniffer.sniff(staged.file()).orElseThrow(() -> {
                String detail = "The bytes are not MP3, FLAC, Ogg Vorbis, Ogg Opus, WAV or MP4 audio.";
                return declaredType == null || isUnspecific(declaredType) ? unsupported(detail)
                        : unprocessable(field, detail + " They were sent as " + declaredType + ".");
            });
            if (declaredType != null && !isUnspecific(declaredType) && !format.acceptsDeclaredType(declaredType)) {
                throw unsupported("The Content-Type " + declaredType + " contradicts the bytes, which are "
                                  + format.name().replace('_', ' ') + " (" + format.contentType() + ").");
            }
            AudioMetadata metadata;
            try {
                metadata = metadataReader.read(staged.file(), format);
            } catch (UnreadableAudioException e) {
                throw unprocessable(field, e.getMessage());
            }
            return store(ownerId, staged, format, metadata);
        } catch (StagedUpload.BodyReadException e) {
            throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST,
                                                  "The upload could not be read to its end: " + e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("storing an upload failed", e); // ours: a 500 with an incident id
        }
    }

    private StagedUpload receive(InputStream body, long limit) throws IOException {
        try {
            return StagedUpload.receive(body, store, limit);
        } catch (StagedUpload.TooLargeException e) {
            throw tooLarge(e.limit());
        }
    }

    private Upload store(String ownerId, StagedUpload staged, AudioFormat format, AudioMetadata metadata)
            throws IOException {
        Optional<Media> earlier =
                Optional.ofNullable(database(() -> repository.findByOwnerAndSha256(ownerId, staged.sha256())));
        if (earlier.isPresent()) {
            return new Upload(earlier.get(), false);
        }
        Media media = new Media(newId(), ownerId, staged.sha256(), format, staged.size(), metadata, MediaDocument.now());
        ReentrantLock lock = lockFor(staged.sha256());
        lock.lock();
        try {
            boolean newBytes = store.commit(staged.file(), media.blobKey());
            boolean inserted;
            try {
                inserted = database(() -> repository.insert(media));
            } catch (RuntimeException e) {
                if (newBytes) {
                    store.delete(media.blobKey()); // no record will ever point at them
                }
                throw e;
            }
            if (!inserted) { // the same owner uploaded the same bytes concurrently; theirs won
                return new Upload(database(() -> repository.findByOwnerAndSha256(ownerId, staged.sha256())), false);
            }
        } finally {
            lock.unlock();
        }
        events.uploaded(media);
        return new Upload(media, true);
    }

    public Optional<Media> find(String id) {
        return Optional.ofNullable(database(() -> repository.findById(id)));
    }

    /**
     * Deletes media when {@code callerId} uploaded it or {@code admin} is set. The bytes go with the last record that
     * uses them, and the CDN is asked to forget every URL that served them.
     *
     * @param urls the absolute URLs to purge for this media: its metadata URL, and its stream URL when the bytes go
     */
    public void delete(String id, String callerId, boolean admin, PurgeUrls urls) {
        Media media = find(id).orElseThrow(() -> ProblemException.of(Response.Status.NOT_FOUND, "No media " + id + "."));
        if (!admin && !media.ownerId().equals(callerId)) {
            throw ProblemException.of(Response.Status.FORBIDDEN, "Only the uploader or an admin may delete media.");
        }
        List<String> purge = new ArrayList<>(urls.metadata(media));
        ReentrantLock lock = lockFor(media.sha256());
        lock.lock();
        try {
            if (!database(() -> repository.deleteById(id))) {
                throw ProblemException.of(Response.Status.NOT_FOUND, "No media " + id + ".");
            }
            if (database(() -> repository.countBySha256(media.sha256())) == 0) {
                store.delete(media.blobKey());
                purge.addAll(urls.stream(media));
            }
        } catch (IOException e) {
            // The record is gone, so the bytes are unreachable through the API; a sweep can reclaim them.
            LOG.log(System.Logger.Level.ERROR, "blob " + media.blobKey() + " not deleted: " + e);
        } finally {
            lock.unlock();
        }
        purger.purge(purge);
        events.deleted(media);
    }

    /** The public URLs of a media, as the resource layer knows them. */
    public interface PurgeUrls {
        List<String> metadata(Media media);

        List<String> stream(Media media);
    }

    private void checkDeclaredType(String declaredType) {
        if (declaredType != null && !isUnspecific(declaredType) && !AudioFormat.isKnownAudioType(declaredType)) {
            throw unsupported("Upload audio (MP3, FLAC, Ogg, WAV or MP4) as the request body with its audio/* "
                              + "Content-Type, or as the multipart/form-data field 'file'; " + declaredType
                              + " is not accepted.");
        }
    }

    /** A type that claims nothing about the format: the bytes decide. */
    private static boolean isUnspecific(String declaredType) {
        return declaredType.equalsIgnoreCase("application/octet-stream");
    }

    private ReentrantLock lockFor(String sha256) {
        return blobLocks[Math.floorMod(sha256.hashCode(), blobLocks.length)];
    }

    /** A database that does not answer is a 503 (try again), not a 500 (our bug): the request itself was fine. */
    private static <T> T database(Supplier<T> call) {
        try {
            return call.get();
        } catch (com.mongodb.MongoTimeoutException | com.mongodb.MongoSocketException e) {
            throw ProblemException.of(Response.Status.SERVICE_UNAVAILABLE, "The media database is not reachable.");
        }
    }

    private static String newId() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static ProblemException unsupported(String detail) {
        return ProblemException.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    /** 422: the type is one taken here, but the content is not playable audio of it. */
    private static ProblemException unprocessable(String field, String detail) {
        return new ProblemException(Problem.ofField(UNPROCESSABLE_CONTENT, field, detail));
    }

    private static ProblemException tooLarge(long limit) {
        return ProblemException.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                                   "The upload is larger than the limit of " + limit + " bytes.");
    }
}
