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

export function curlSample({ serverUrl, method, path, query, headers = [] }: CurlRequest): string {
  const url = `${serverUrl.replace(/\/+$/, '')}${path}`;
  const verb = method.toUpperCase();
  const lines = [
    verb === 'GET' ? `curl --get ${shellQuote(url)}` : `curl --request ${verb} ${shellQuote(url)}`,
    ...query.map(([name, value]) => `  --data-urlencode ${shellQuote(`${name}=${value}`)}`),
    ...headers.map(([name, value]) => `  --header ${shellQuote(`${name}: ${value}`)}`),
    '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
  ];
  return lines.join(' \\\n');
}
