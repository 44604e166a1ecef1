// The curl sample of an operation: the spec's server URL and the path with its parameters filled,
// the query each value on its own `--data-urlencode` line (repeated keys for array parameters, as
// the spec's `explode: true` says), header parameters as headers, and the token read from the
// environment so that no credential is ever written into the page.

export interface CurlRequest {
  serverUrl: string;
  method: string;
  /** The path with every path parameter already filled and percent-encoded. */
  path: string;
  /** Query pairs in order; a repeated name is an array parameter with one value per series. */
  query: readonly (readonly [name: string, value: string])[];
  /** Header parameters of the operation, in order. */
  headers?: readonly (readonly [name: string, value: string])[];
}

/** Quotes a word for a POSIX shell: single quotes, with each `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Characters a path may hold inside double quotes with no shell meaning (percent-encoding included). */
const PLAIN_PATH = /^[A-Za-z0-9/_.~%-]*$/;

/**
 * The server URL goes in a shell variable of its own line, so that the request line stays short
 * enough for the code panel; a path with any other character is quoted whole instead.
 */
export function curlSample({ serverUrl, method, path, query, headers = [] }: CurlRequest): string {
  const server = serverUrl.replace(/\/+$/, '');
  const plain = PLAIN_PATH.test(path);
  const url = plain ? `"$RADAR${path}"` : shellQuote(`${server}${path}`);
  const verb = method.toUpperCase();
  const lines = [
    verb === 'GET' ? `curl --get ${url}` : `curl --request ${verb} ${url}`,
    ...query.map(([name, value]) => `  --data-urlencode ${shellQuote(`${name}=${value}`)}`),
    ...headers.map(([name, value]) => `  --header ${shellQuote(`${name}: ${value}`)}`),
    '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
  ];
  const request = lines.join(' \\\n');
  return plain ? `RADAR=${shellQuote(server)}\n${request}` : request;
}
