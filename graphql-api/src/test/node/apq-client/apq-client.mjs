// A stock automatic-persisted-queries client: Apollo Client with its PersistedQueryLink (hashed queries over GET),
// as a web app would configure it. Runs one query through a fresh client against the first URL, then through another
// fresh client against the second (another replica), and prints one JSON line: both answers and every HTTP request
// the link made (method, whether it carried the query text, status, Cache-Control, ETag).
// Usage: node apq-client.mjs <graphql url> <graphql url of another replica> <song id>
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { createHash } from 'node:crypto';

const [firstUrl, secondUrl, songId] = process.argv.slice(2);
const requests = [];

async function recordingFetch(input, init) {
  const response = await fetch(input, init);
  const url = new URL(String(input));
  requests.push({
    method: init?.method ?? 'GET',
    port: url.port,
    withQuery: url.searchParams.has('query') || String(init?.body ?? '').includes('"query"'),
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    etag: response.headers.get('etag'),
  });
  return response;
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function client(uri) {
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true })
      .concat(new HttpLink({ uri, fetch: recordingFetch })),
  });
}

const SONG = gql`
  query Song($id: ID!) {
    song(id: $id) { id title durationMs artist { name } album { title } }
  }
`;

const first = await client(firstUrl).query({ query: SONG, variables: { id: songId }, fetchPolicy: 'network-only' });
const second = await client(secondUrl).query({ query: SONG, variables: { id: songId }, fetchPolicy: 'network-only' });
console.log(JSON.stringify({ first: first.data, second: second.data, requests }));
