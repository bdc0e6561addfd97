// Composes subgraphs into a supergraph with Apollo's own composition library (@apollo/composition), the judge a
// router or gateway applies. Each subgraph is `name=source`: an http(s) URL (its `{ _service { sdl } }` is fetched)
// or a file with the SDL. Prints one JSON object: {"errors": [...], "hints": [{"code", "message"}], "supergraphSdl"}.
//
//   node compose.mjs encore=http://127.0.0.1:8080/graphql plays=http://127.0.0.1:4001/graphql
//   node compose.mjs encore=http://127.0.0.1:8080/graphql --routing-url encore=http://graphql-api:8080/graphql \
//        --out supergraph.graphql
//
// --routing-url name=url: the URL the supergraph tells the router to use (default: the URL the SDL came from).
// --out file: also write the supergraph SDL there. Exits 1 when composition fails.
import { writeFile } from 'node:fs/promises';
import { compose, pair } from './supergraph.mjs';

const subgraphs = [];
const routingUrls = new Map();
let out = null;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') {
    out = args[++i];
  } else if (args[i] === '--routing-url') {
    const [name, url] = pair(args[++i]);
    routingUrls.set(name, url);
  } else {
    const [name, source] = pair(args[i]);
    subgraphs.push({ name, source });
  }
}
if (subgraphs.length === 0) {
  console.error('usage: node compose.mjs name=url|file... [--routing-url name=url] [--out file]');
  process.exit(2);
}

const result = await compose(subgraphs.map((s) => ({ ...s, routingUrl: routingUrls.get(s.name) })));
if (out && result.supergraphSdl) {
  await writeFile(out, result.supergraphSdl + '\n');
}
console.log(JSON.stringify(result));
process.exit(result.errors.length === 0 ? 0 : 1);
