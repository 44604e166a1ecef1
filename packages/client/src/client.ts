import createClient, { type Client } from 'openapi-fetch';
import { isLoopback } from './auth.js';
import {
  createRadarCore,
  mergeHeaders,
  type RadarClientOptions,
  type RadarCore,
  redirectRefused,
  transports,
} from './core.js';
import { RadarValidationError } from './errors.js';
import type { OperationFact } from './facts.js';
import { methodTree } from './generated/operations.js';
import type { paths } from './generated/schema.js';
import type { RadarMethods } from './types.js';

/** The client: one method per operation, laid out as the spec's `x-client-method` says, plus the openapi-fetch client. */
export type RadarClient = RadarMethods & {
  /**
   * openapi-fetch client for any path of the spec, with the base URL and credentials set; it does
   * not retry, and refuses to send the credentials to any other origin.
   */
  readonly raw: Client<paths>;
  /** The transport, for the standalone operation functions: `getTcpResetsTimeoutsSummary(client.core, query)`. */
  readonly core: RadarCore;
};

type Node = { readonly [key: string]: Node | OperationFact };

/** A fact is the one node with a `path` string; everything else is a branch of the tree. */
function methodsOf(core: RadarCore, node: typeof methodTree): RadarMethods;
function methodsOf(core: RadarCore, node: Node): Record<string, unknown>;
function methodsOf(core: RadarCore, node: Node): object {
  const methods: Record<string, unknown> = {};
  for (const key in node) {
    const child = node[key] as Node | OperationFact;
    methods[key] =
      typeof child.path === 'string'
        ? (...args: unknown[]) => core.call(child as OperationFact, args)
        : methodsOf(core, child as Node);
  }
  return methods;
}

/**
 * The `fetch` of `client.raw`: any request with the credentials and the client's headers, to the base
 * URL's origin only, checked on every request whatever base URL openapi-fetch was given for it; a
 * redirect to another origin is refused.
 */
function rawFetch(core: RadarCore): (request: Request) => Promise<Response> {
  const transport = transports.get(core);
  if (!transport) throw new RadarValidationError('raw: the core was not made by createRadarCore');
  const { origin, headers, fetch, secrets } = transport;
  return async (request) => {
    const url = new URL(request.url);
    if (url.origin !== origin || !(url.protocol === 'https:' || isLoopback(url.hostname))) {
      throw new RadarValidationError(
        `raw: refusing to send credentials to ${url.origin}; they go only to ${origin} (the client's baseUrl)`,
      );
    }
    const response = await fetch(
      new Request(request, { headers: mergeHeaders(Object.fromEntries(request.headers), headers), redirect: 'manual' }),
    );
    const location = response.status >= 300 && response.status < 400 && response.headers.get('location');
    const target = location ? new URL(location, url) : undefined;
    if (target && target.origin !== origin) throw await redirectRefused('raw', response, origin, target, secrets);
    return response;
  };
}

/**
 * Creates a Radar client: the transport (`createRadarCore`), the method tree and `raw`. Credentials
 * come from the options, else from `env` or `process.env` (`CLOUDFLARE_API_TOKEN`, else
 * `CLOUDFLARE_EMAIL` and `CLOUDFLARE_API_KEY`); with none, it throws `RadarValidationError`.
 * @example
 * const client = createRadarClient({ apiToken: process.env.RADAR_TOKEN });
 * const tcp = await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] });
 */
export function createRadarClient(options: RadarClientOptions = {}): RadarClient {
  const core = createRadarCore(options);
  const raw = createClient<paths>({ baseUrl: core.baseUrl, fetch: rawFetch(core) });
  return Object.assign(methodsOf(core, methodTree), { raw, core });
}
