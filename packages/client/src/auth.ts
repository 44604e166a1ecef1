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

// RFC 9110, section 5.5: a field value is visible characters, spaces and tabs. fetch rejects anything
// else with an error that quotes the whole value, so such a credential is refused here, unquoted.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The authentication headers. Explicit options win over the environment as a whole, so that a token
 * in the environment never mixes with a pair passed in code; a token wins over a pair.
 */
export function authHeaders(options: RadarCredentials, env: Environment): Record<string, string> {
  const explicit = options.apiToken || options.apiEmail || options.apiKey;
  const from = explicit ? 'the options' : 'the environment';
  const token = explicit ? options.apiToken : env.CLOUDFLARE_API_TOKEN;
  const email = explicit ? options.apiEmail : env.CLOUDFLARE_EMAIL;
  const key = explicit ? options.apiKey : env.CLOUDFLARE_API_KEY;
  let headers: Record<string, string>;
  if (token) headers = { Authorization: `Bearer ${token}` };
  else if (email && key) headers = { 'X-Auth-Email': email, 'X-Auth-Key': key };
  else {
    const problem =
      email || key ? `the email and key pair from ${from} lacks ${email ? 'the API key' : 'the email'}` : 'none given';
    throw new RadarValidationError(`credentials: ${problem}; ${HOW}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_VALUE.test(value)) {
      throw new RadarValidationError(
        `credentials: the ${name} value from ${from} holds a control character or line break (often a stray newline from a file); remove it`,
      );
    }
  }
  return headers;
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
