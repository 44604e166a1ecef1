import { RadarValidationError } from './errors.js';

/** Credentials as a caller passes them: an API token, or the legacy email and Global API key pair. */
export interface RadarCredentials {
  /**
   * An API token, sent as `Authorization: Bearer <token>`.
   * @default process.env.CLOUDFLARE_API_TOKEN
   */
  apiToken?: string | undefined;
  /**
   * The account email of the legacy pair, sent as `X-Auth-Email`; needs `apiKey`.
   * @default process.env.CLOUDFLARE_EMAIL
   */
  apiEmail?: string | undefined;
  /**
   * The Global API key of the legacy pair, sent as `X-Auth-Key`; needs `apiEmail`.
   * @default process.env.CLOUDFLARE_API_KEY
   */
  apiKey?: string | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

const HOW =
  'pass { apiToken } or { apiEmail, apiKey } to createRadarClient, or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY';

function pair(email: string | undefined, key: string | undefined, from: string): Record<string, string> {
  if (email && key) return { 'X-Auth-Email': email, 'X-Auth-Key': key };
  const missing = email ? 'the API key' : 'the email';
  throw new RadarValidationError(`credentials: the email and key pair from ${from} lacks ${missing}; ${HOW}`);
}

/**
 * The authentication headers. Explicit options win over the environment as a whole, so that a token
 * in the environment never mixes with a pair passed in code; a token wins over a pair.
 */
export function authHeaders(options: RadarCredentials, env: Environment): Record<string, string> {
  if (options.apiToken) return { Authorization: `Bearer ${options.apiToken}` };
  if (options.apiEmail || options.apiKey) return pair(options.apiEmail, options.apiKey, 'the options');
  if (env.CLOUDFLARE_API_TOKEN) return { Authorization: `Bearer ${env.CLOUDFLARE_API_TOKEN}` };
  if (env.CLOUDFLARE_EMAIL || env.CLOUDFLARE_API_KEY) {
    return pair(env.CLOUDFLARE_EMAIL, env.CLOUDFLARE_API_KEY, 'the environment');
  }
  throw new RadarValidationError(`credentials: none given; ${HOW}`);
}

/** Loopback hosts, where plain http never leaves the machine. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** Refuses a base URL that would carry credentials in clear text off this machine. */
export function assertSafeBaseUrl(baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RadarValidationError(`baseUrl: ${JSON.stringify(baseUrl)} is not an absolute URL`);
  }
  if (url.username || url.password) {
    throw new RadarValidationError('baseUrl: must not carry a user name or password; pass credentials as options');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return;
  throw new RadarValidationError(
    `baseUrl: refusing to send credentials to ${url.origin}; use https, or http to a loopback address (127.0.0.1, ::1, localhost)`,
  );
}
