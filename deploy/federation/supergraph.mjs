// What compose.mjs and gateway.mjs share: reading a subgraph's SDL and composing with @apollo/composition.
import { readFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** The SDL of `source`: an http(s) URL answers `{ _service { sdl } }`; anything else is a file holding it. */
export async function subgraphSdl(source) {
  if (!/^https?:/.test(source)) {
    return readFile(source, 'utf8');
  }
  const response = await fetch(source, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = await response.json();
  if (!body.data?._service?.sdl) {
    throw new Error(`${source} answered ${response.status} without _service.sdl: ${JSON.stringify(body)}`);
  }
  return body.data._service.sdl;
}

/**
 * Composes [{name, source, routingUrl?}] and answers {errors: [message], hints: [{code, message}], supergraphSdl}.
 * The routing URL (where a router sends this subgraph's share of a plan) defaults to the URL the SDL came from.
 */
export async function compose(subgraphs) {
  const services = [];
  for (const { name, source, routingUrl } of subgraphs) {
    const sdl = await subgraphSdl(source);
    services.push({ name, typeDefs: parse(sdl), url: routingUrl ?? (/^https?:/.test(source) ? source : undefined) });
  }
  const result = composeServices(services);
  return {
    errors: (result.errors ?? []).map((error) => error.message),
    hints: (result.hints ?? []).map((hint) => ({ code: hint.definition.code, message: hint.message })),
    supergraphSdl: result.supergraphSdl ?? null,
  };
}

/** `name=value` as [name, value]; exits on anything else. */
export function pair(argument) {
  const at = argument.indexOf('=');
  if (at <= 0) {
    console.error(`expected name=value, got ${argument}`);
    process.exit(2);
  }
  return [argument.slice(0, at), argument.slice(at + 1)];
}
