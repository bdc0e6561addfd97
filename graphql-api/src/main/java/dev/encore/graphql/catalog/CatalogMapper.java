package dev.encore.graphql.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stored documents to GraphQL types: the one place the storage shape meets the API shape. */
@ApplicationScoped
public class CatalogMapper {

    @Inject
    @ConfigProperty(name = "media.stream-url-template", defaultValue = "http://localhost:8082/media/{mediaId}/stream")
    String streamUrlTemplate;

    public Artist artist(ArtistDocument document) {
        return document == null ? null : new Artist(document.id(), document.name(), document.genres(),
                document.createdAt(), document.updatedAt());
    }

    public Album album(AlbumDocument document) {
        return document == null ? null : new Album(document.id(), document.title(), document.releaseDate(),
                document.genres(), document.createdAt(), document.updatedAt(), document.artistId());
    }

    public Song song(SongDocument document) {
        return document == null ? null : new Song(document.id(), document.title(), document.durationMs(),
                document.trackNumber(), document.genres(), document.isrc(), document.mediaId(),
                streamUrl(document.mediaId()), document.createdAt(), document.updatedAt(), document.artistId(),
                document.albumId());
    }

    /**
     * Where media-service serves this audio. Signed URLs are media-service's to issue; this is the unsigned address
     * of its stream endpoint, configurable so a CDN host can be put in front.
     */
    String streamUrl(String mediaId) {
        return mediaId == null ? null : streamUrlTemplate.replace("{mediaId}", mediaId);
    }
}
