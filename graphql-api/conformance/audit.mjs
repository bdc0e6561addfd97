// The GraphQL-over-HTTP server audits of graphql-http (the spec's reference implementation), against a running API.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/graphql';
const counts = { ok: 0, warn: 0, error: 0 };
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  counts[result.status]++;
  if (result.status !== 'ok') {
    console.log(`${result.status.toUpperCase()} ${audit.id} ${audit.name}: ${result.reason}`);
  }
}
console.log(`graphql-http audits of ${url}: ${counts.ok} ok, ${counts.warn} warn, ${counts.error} error`);
process.exitCode = counts.error > 0 ? 1 : 0;
