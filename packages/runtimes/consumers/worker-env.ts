// A Worker passes its `env` as wrangler types it: an interface with the token and other bindings.
import { createRadarClient } from '@cf-radar/client';

interface KvNamespace {
  get(key: string): Promise<string | null>;
}
interface Env {
  CLOUDFLARE_API_TOKEN: string;
  RADAR_CACHE: KvNamespace;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const client = createRadarClient({ env });
    return Response.json(await client.radar.tcpResetsTimeouts.summary({ dateRange: ['7d'] }));
  },
};
