// The `plays` subgraph: a worked example of a second team's service joining Encore's supergraph. It owns one field
// of Encore's Song entity (`plays`, counted in memory) and knows songs only by their key, so a router fetches
// titles, artists and everything else from graphql-api's _entities.
//
//   node plays.mjs [port]        (default 4001; port 0 picks a free one)
//
// Prints `plays subgraph ready at http://127.0.0.1:<port>/graphql` once it listens.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  # Encore's Song (graphql-api owns it; a description here would differ from its own, a composition hint).
  type Song @key(fields: "id") {
    id: ID!
    "How many times the song was played since this subgraph started."
    plays: Int
  }

  type Query {
    "The most played songs, most played first."
    mostPlayed(first: Int = 5): [Song!]!
  }

  type Mutation {
    "Counts one play of a song."
    recordPlay(songId: ID!): Song!
  }
`);

const plays = new Map();
const song = (id) => ({ id, plays: plays.get(id) ?? 0 });

const resolvers = {
  Song: {
    __resolveReference: (reference) => song(reference.id),
  },
  Query: {
    mostPlayed: (_, { first }) => [...plays.keys()]
      .sort((a, b) => plays.get(b) - plays.get(a) || a.localeCompare(b))
      .slice(0, Math.max(0, first))
      .map(song),
  },
  Mutation: {
    recordPlay: (_, { songId }) => {
      plays.set(songId, (plays.get(songId) ?? 0) + 1);
      return song(songId);
    },
  },
};

const port = Number(process.argv[2] ?? process.env.PLAYS_PORT ?? 4001);
const server = new ApolloServer({
  schema: buildSubgraphSchema({ typeDefs, resolvers }),
  plugins: [ApolloServerPluginInlineTraceDisabled()],
  includeStacktraceInErrorResponses: false,
});
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port } });
console.log(`plays subgraph ready at ${url.replace('localhost', '127.0.0.1')}graphql`);
