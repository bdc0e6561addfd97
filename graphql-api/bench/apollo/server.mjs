// The benchmark's peer: Apollo Server 5 (standalone, Node's http server) with the one song graphql-api's bench server
// seeds, held in memory, so both answer song(id) { id title durationMs artist { name } album { title } } with the
// same bytes. Usage: node server.mjs <port> <songId>; prints "ready at <url>".
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const [port, songId] = [Number(process.argv[2] ?? 18490), process.argv[3] ?? 'song-1'];

const typeDefs = `#graphql
  type Artist { id: ID! name: String! }
  type Album { id: ID! title: String! artist: Artist! }
  type Song { id: ID! title: String! durationMs: Int! trackNumber: Int artist: Artist! album: Album }
  type Query { song(id: ID!): Song }
`;

const artist = { id: 'artist-1', name: 'Bench Artist' };
const album = { id: 'album-1', title: 'Bench Album', artist };
const songs = new Map([[songId, { id: songId, title: 'Bench Song', durationMs: 200000, trackNumber: 12, artist, album }]]);

const server = new ApolloServer({ typeDefs, resolvers: { Query: { song: (_, { id }) => songs.get(id) ?? null } } });
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port } });
console.log(`ready at ${url}`);
