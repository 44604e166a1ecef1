// A CommonJS consumer of this ESM-only package, as TypeScript allows under node16: the code through
// `await import()`, the types through `import type` marked `resolution-mode: import` (without it,
// TS1541: a type-only import of an ES module from CommonJS must say so).
import type { RadarClient } from '@cf-radar/client' with { 'resolution-mode': 'import' };

export async function noMatch(apiToken: string): Promise<string> {
  const { createRadarClient } = await import('@cf-radar/client');
  const client: RadarClient = createRadarClient({ apiToken });
  const tcp = await client.radar.tcpResetsTimeouts.summary({ location: ['US'] });
  return tcp.summary_0.no_match;
}
