// Under exactOptionalPropertyTypes, values that may be undefined are passed straight through, as a
// caller forwarding its own optional settings does.
import { createRadarClient } from '@cf-radar/client';

declare const maybeSignal: AbortSignal | undefined;
declare const maybeTimeout: number | undefined;
declare const maybeHeaders: Record<string, string> | undefined;

const client = createRadarClient({
  apiToken: 'token',
  timeout: maybeTimeout,
  maxRetries: undefined,
  headers: maybeHeaders,
});
const tcp = await client.radar.tcpResetsTimeouts.summary(
  {},
  { signal: maybeSignal, timeout: maybeTimeout, maxRetries: undefined, headers: maybeHeaders },
);
export const noMatch: string = tcp.summary_0.no_match;
