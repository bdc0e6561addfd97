// Apollo Gateway in front of Encore's graphql-api and any other subgraphs: composes their live SDL at startup (the
// same composition as compose.mjs), or serves a supergraph file composed beforehand (compose.mjs --out).
//
//   node gateway.mjs [--port 4000] encore=http://127.0.0.1:8080/graphql plays=http://127.0.0.1:4001/graphql
//   node gateway.mjs [--port 4000] --supergraph supergraph.graphql
//
// The caller's Authorization header goes to every subgraph, so graphql-api checks the caller's roles itself on
// whatever part of a plan reaches it. Prints `gateway ready at http://127.0.0.1:<port>/` once it listens.
//
// Apollo Gateway runs no subscriptions and cannot enforce @authenticated / @requiresScopes (only GraphOS Router
// does), so it refuses a supergraph that links them `for: SECURITY`. Here they are served as what they are for a
// gateway, documentation: the links lose `for: SECURITY`, and graphql-api still refuses every call its roles forbid.
import { readFile } from 'node:fs/promises';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { compose, pair } from './supergraph.mjs';

let port = Number(process.env.GATEWAY_PORT ?? 4000);
let supergraphFile = null;
const subgraphs = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') {
    port = Number(args[++i]);
  } else if (args[i] === '--supergraph') {
    supergraphFile = args[++i];
  } else {
    const [name, source] = pair(args[i]);
    subgraphs.push({ name, source });
  }
}
if (!supergraphFile && subgraphs.length === 0) {
  console.error('usage: node gateway.mjs [--port n] (name=url... | --supergraph file)');
  process.exit(2);
}

let supergraphSdl;
if (supergraphFile) {
  supergraphSdl = await readFile(supergraphFile, 'utf8');
} else {
  const result = await compose(subgraphs);
  if (result.errors.length > 0) {
    console.error(`composition failed:\n${result.errors.join('\n')}`);
    process.exit(1);
  }
  supergraphSdl = result.supergraphSdl;
}
const securityLink = /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+"), for: SECURITY\)/g;
supergraphSdl = supergraphSdl.replace(securityLink, '$1)');

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context.authorization) {
      request.http.headers.set('authorization', context.authorization);
    }
  }
}

const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ url }) => new ForwardingDataSource({ url }),
});
// Errors keep their message and extensions.code, never a stack trace (Apollo Server adds one outside production).
const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
const { url } = await startStandaloneServer(server, {
  listen: { host: process.env.GATEWAY_HOST ?? '127.0.0.1', port },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`gateway ready at ${url.replace('localhost', '127.0.0.1')}`);
