// Makes the page Redocly writes work with no network, then proves it: every absolute URL left in
// the page must be a link a reader clicks, never something the browser fetches on its own.
//
// Even with `--inlineBundle` and telemetry off, Redoc's bundle still names a CDN logo, a CDN icon
// set and its OpenTelemetry collector. They are replaced here with inert `data:` URLs (nothing to
// fetch); anything else absolute has to be on the link allowlist below or the build fails.

export interface Replacement {
  pattern: RegExp;
  to: string;
  why: string;
}

/** The word "Redocly" as an inline SVG, standing in for the CDN logo after "API docs by". */
const LOGO_SVG = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='52' height='14'><text x='0' y='11' font-family='sans-serif' font-size='11' fill='#555'>Redocly</text></svg>",
)}`;

export const replacements: readonly Replacement[] = [
  {
    pattern: /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g,
    to: LOGO_SVG,
    why: 'Redocly\'s logo after "API docs by" in the sidebar',
  },
  {
    pattern: /https:\/\/cdn\.redocly\.com\/icons\/[a-z-]+\/[0-9.]+/g,
    to: 'data:image/svg+xml,',
    why: 'icon sets loaded from a CDN as CSS images',
  },
  {
    pattern: /https:\/\/otel\.cloud\.redocly\.com\/v1\/traces/g,
    to: 'data:,',
    why: 'the telemetry collector (telemetry is also switched off in the page options)',
  },
];

/**
 * Absolute URLs that may stay in the page because nothing fetches them: XML namespaces, and links
 * that only open when a reader clicks them (attribution, library error and schema-doc links).
 * URLs written in the spec itself are allowed separately: they are the spec's own text links.
 */
export const linkOnlyPrefixes: readonly { prefix: string; why: string }[] = [
  { prefix: 'http://www.w3.org/', why: 'XML and SVG namespace names' },
  { prefix: 'https://redocly.com/', why: 'the "API docs by Redocly" link and schema documentation links' },
  { prefix: 'https://github.com/', why: 'links in library error messages and licence notes' },
  { prefix: 'https://react.dev/errors/', why: "React's error-decoder link in error messages" },
  { prefix: 'https://reactrouter.com/', why: "React Router's error-message link" },
  { prefix: 'https://yarnpkg.com/', why: 'a link in a library error message' },
  { prefix: 'https://commonmark.org/', why: "the markdown parser's reference link" },
  { prefix: 'https://en.wikipedia.org/', why: 'a link in a schema description' },
  { prefix: 'https://example.com', why: 'placeholder URLs in descriptions and default examples' },
  { prefix: 'http://example.com', why: 'placeholder URLs in default examples' },
  { prefix: 'http://localhost', why: 'loopback: a placeholder URL in a schema description' },
  { prefix: 'http://127.0.0.1', why: "loopback: the guide's replay server" },
  { prefix: 'https://chatgpt.com', why: '"Open in ChatGPT" page action, hidden by the page style' },
  { prefix: 'https://claude.ai/', why: '"Open in Claude" page action, hidden by the page style' },
];

/**
 * An empty favicon, so the browser does not ask the server for `/favicon.ico`, and a style hiding
 * Redoc's "open this page in an AI assistant" actions: useless offline, and they send the page away.
 */
export const OFFLINE_HEAD =
  '<link rel="icon" href="data:,">\n<style>[data-component-name="PageActions/PageActions"],[data-testid="page-actions"]{display:none!important}</style>';

export interface Finding {
  url: string;
  line: number;
  /** Where it stands: `<img> attribute`, `css url()`, `css @import`, or anywhere else in the page. */
  kind: string;
}

export function makeOffline(html: string): { html: string; replaced: { why: string; count: number }[] } {
  let out = html;
  const replaced = replacements.map(({ pattern, to, why }) => {
    const count = out.match(pattern)?.length ?? 0;
    out = out.replace(pattern, to);
    return { why, count };
  });
  out = out.replace('</head>', `${OFFLINE_HEAD}\n</head>`);
  return { html: out, replaced };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

const ABSOLUTE = String.raw`(?:https?:)?//[^\s"'\x60<>()\\]+`;

/** References the browser fetches by itself, whatever host they name. */
const FETCHED: readonly { kind: string; pattern: RegExp }[] = [
  {
    kind: 'element attribute',
    pattern: new RegExp(
      String.raw`<(?!a[\s>])([a-z]+)[^>]*?\s(?:src|href|srcset|poster|data|action)\s*=\s*["']?(${ABSOLUTE})`,
      'gi',
    ),
  },
  { kind: 'css url()', pattern: new RegExp(String.raw`url\(\s*["'\x60]?(${ABSOLUTE})`, 'gi') },
  { kind: 'css @import', pattern: new RegExp(String.raw`@import\s+["'\x60](${ABSOLUTE})`, 'gi') },
];

/** Any absolute http(s) or WebSocket URL; `//host` alone is only caught in fetching positions above. */
const ANY_URL = /(?:https?|wss?):\/\/[^\s"'`<>()\\{}[\]]+/g;

/** Cuts trailing punctuation and an HTML entity that closed the attribute (`…/v4&#x27;`). */
function clean(url: string): string {
  return url.replace(/&(?:#x?[0-9a-f]+|[a-z]+);?.*$/i, '').replace(/[.,;:]+$/, '');
}

/**
 * External URLs left in the page that a browser could fetch without a click: anything in a
 * fetching position, and any other absolute URL that is neither a link on the allowlist nor one
 * written in the spec.
 */
export function findExternalUrls(html: string, specUrls: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const { kind, pattern } of FETCHED) {
    for (const match of html.matchAll(pattern)) {
      const url = match[match.length - 1] ?? '';
      findings.push({
        url,
        line: lineOf(html, match.index),
        kind: kind === 'element attribute' ? `<${match[1]}> attribute` : kind,
      });
    }
  }
  for (const match of html.matchAll(ANY_URL)) {
    const url = clean(match[0]);
    const allowed = specUrls.has(url) || linkOnlyPrefixes.some(({ prefix }) => url.startsWith(prefix));
    if (!allowed)
      findings.push({ url, line: lineOf(html, match.index), kind: 'absolute URL not on the link allowlist' });
  }
  return findings;
}

/** Every absolute URL written in the spec: its own text links (Cloudflare's docs, RFCs, the server). */
export function urlsIn(text: string): Set<string> {
  return new Set([...text.matchAll(ANY_URL)].map((match) => clean(match[0])));
}
