package dev.encore.graphql.catalog;

import jakarta.enterprise.context.ApplicationScoped;

/** Stored documents to GraphQL types: the one place the storage shape meets the API shape. */
@ApplicationScoped
public class CatalogMapper {

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
                document.createdAt(), document.updatedAt(), document.artistId(), document.albumId());
    }
}
