import { quote, RadarValidationError } from './errors.js';

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

/**
 * Environment variables or a Worker's bindings (its `Env` interface, which has no index signature,
 * so this is any object); only the credential names are read, and only string values count.
 */
export type RadarEnvironment = object;

const NAMES = ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_API_KEY'] as const;

// RFC 9110, section 5.5: a field value is visible characters, spaces and tabs. fetch rejects anything
// else with an error that quotes the whole value, so such a credential is refused here, unquoted.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The credential variables from `env` (a Worker's bindings) when given, else from `process.env`.
 * Deno without `--allow-env` throws its own `NotCapable` on the first read: that becomes a
 * `RadarValidationError` that says which flag or option fixes it.
 */
type Values = Readonly<Record<string, unknown>>;

function environment(env: RadarEnvironment | undefined): { values: Values; from: string } {
  if (env) return { values: env as Values, from: 'env' };
  const processEnv = (globalThis as { process?: { env?: Values } }).process?.env;
  if (!processEnv) return { values: {}, from: 'none' };
  try {
    return { values: Object.fromEntries(NAMES.map((name) => [name, processEnv[name]])), from: 'process.env' };
  } catch (cause) {
    throw new RadarValidationError(
      `credentials: none given, and the environment cannot be read (${cause instanceof Error ? cause.name : 'denied'}); pass { apiToken } or { env }, or allow reading it (Deno: --allow-env=${NAMES.join(',')})`,
    );
  }
}

/**
 * The authentication headers, and the credential values (to scrub from anything an error carries).
 * Explicit options win over the environment as a whole, so that a token in the environment never
 * mixes with a pair passed in code; a token wins over a pair.
 */
export function authHeaders(options: RadarCredentials & { env?: RadarEnvironment | undefined }): {
  headers: Record<string, string>;
  secrets: string[];
} {
  const explicit = options.apiToken || options.apiEmail || options.apiKey;
  const source = explicit ? { values: {}, from: 'the options' } : environment(options.env);
  const read = (name: (typeof NAMES)[number]): string | undefined => {
    const value = source.values[name];
    return typeof value === 'string' && value ? value : undefined;
  };
  const token = explicit ? options.apiToken : read('CLOUDFLARE_API_TOKEN');
  const email = explicit ? options.apiEmail : read('CLOUDFLARE_EMAIL');
  const key = explicit ? options.apiKey : read('CLOUDFLARE_API_KEY');
  let headers: Record<string, string>;
  if (token) headers = { Authorization: `Bearer ${token}` };
  else if (email && key) headers = { 'X-Auth-Email': email, 'X-Auth-Key': key };
  else {
    const from = explicit ? 'the options' : source.from === 'env' ? 'env' : 'the environment';
    const problem =
      email || key ? `the email and key pair from ${from} lacks ${email ? 'the API key' : 'the email'}` : 'none given';
    // Only name the variables where they could have been read: a Worker without nodejs_compat has no process.
    const where =
      source.from === 'none'
        ? "or pass { env } (a Worker's bindings) holding CLOUDFLARE_API_TOKEN"
        : source.from === 'env'
          ? 'or bind CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) in the env you pass'
          : 'or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY';
    throw new RadarValidationError(`credentials: ${problem}; pass { apiToken } or { apiEmail, apiKey }, ${where}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_VALUE.test(value)) {
      throw new RadarValidationError(
        `credentials: the ${name} value from ${explicit ? 'the options' : source.from} holds a control character or line break (often a stray newline from a file); remove it`,
      );
    }
  }
  return { headers, secrets: [token, email, key].filter((value): value is string => Boolean(value)) };
}

/** Loopback hosts, where plain http never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** Refuses a base URL that would carry credentials in clear text off this machine; returns it parsed. */
export function assertSafeBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RadarValidationError(`baseUrl: ${quote(baseUrl)} is not an absolute URL`);
  }
  if (url.username || url.password) {
    throw new RadarValidationError('baseUrl: must not carry a user name or password; pass credentials as options');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return url;
  throw new RadarValidationError(
    `baseUrl: refusing to send credentials to ${url.origin}; use https, or http to a loopback address (127.0.0.1, ::1, localhost)`,
  );
}
