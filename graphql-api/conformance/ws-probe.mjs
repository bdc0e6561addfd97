// The graphql-ws client (what Apollo and urql use for subscriptions) against a running stack: a demo listener signs
// in, subscribes to its own private playlist over graphql-transport-ws with the token in connection_init, adds three
// songs, and must hear them in order, each version at most once, the last with all three (changes landing together may
// come as one update of the newer version); an unknown playlist must be an error with extensions.code.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const api = process.argv[2] ?? 'http://127.0.0.1:8080';
const identity = process.argv[3] ?? 'http://127.0.0.1:8081';

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

const login = await fetch(`${identity}/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'listener@demo.local', password: 'demo-listener-pass' }),
}).then((r) => r.json());
const token = login.accessToken ?? fail(`login: ${JSON.stringify(login)}`);
const graphql = (query, variables) => fetch(`${api}/graphql`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query, variables }),
}).then((r) => r.json());

const songs = (await graphql('{ songs(first: 3) { edges { node { id title } } } }')).data.songs.edges.map((e) => e.node);
if (songs.length < 3) fail('the demo catalog has fewer than 3 songs');
const playlist = (await graphql('mutation { createPlaylist(input: {name: "graphql-ws probe"}) { id } }'))
  .data.createPlaylist.id;

const client = createClient({
  url: `${api.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false,
  connectionParams: { Authorization: `Bearer ${token}` },
});
const updates = [];
const heardAll = new Promise((resolve, reject) => {
  client.subscribe({
    query: 'subscription($id: ID!) { playlistUpdated(playlistId: $id) { kind playlist { version itemCount } } }',
    variables: { id: playlist },
  }, {
    next: (message) => {
      if (message.errors) reject(new Error(JSON.stringify(message.errors)));
      updates.push(message.data.playlistUpdated);
      if (message.data.playlistUpdated.playlist.itemCount === songs.length) resolve();
    },
    error: (e) => reject(new Error(JSON.stringify(e))),
    complete: () => resolve(),
  });
});
// The protocol has no acknowledgement of a subscribe: give it a moment to reach the server before writing.
await new Promise((resolve) => setTimeout(resolve, 500));
for (const song of songs) {
  await graphql('mutation($p: ID!, $s: ID!) { addSongToPlaylist(playlistId: $p, songId: $s) { version } }',
    { p: playlist, s: song.id });
}
const timeout = setTimeout(() => fail(`updates after 10 s: ${JSON.stringify(updates)}`), 10_000);
await heardAll.catch((e) => fail(`subscription failed: ${e.message}`));
clearTimeout(timeout);
const versions = updates.map((u) => Number(u.playlist.version));
if (updates.some((u) => u.kind !== 'ADDED') || versions.some((v, i) => i > 0 && v <= versions[i - 1])) {
  fail(`expected ADDED updates of rising versions, got ${JSON.stringify(updates)}`);
}
console.log(`graphql-ws: ${updates.length} updates, in order: ${updates.map((u) => `${u.kind} v${u.playlist.version}`).join(', ')}`);

const refused = await new Promise((resolve) => client.subscribe(
  { query: 'subscription { playlistUpdated(playlistId: "000000000000000000000000") { kind } }' },
  { next: () => resolve(null), error: (errors) => resolve(errors), complete: () => resolve(null) }));
const code = refused?.[0]?.extensions?.code;
if (code !== 'NOT_FOUND') fail(`an unknown playlist should be NOT_FOUND, got ${JSON.stringify(refused)}`);
console.log(`graphql-ws: an unknown playlist is an error with extensions.code ${code}`);
await client.dispose();
