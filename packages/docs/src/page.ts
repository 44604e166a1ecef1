// Reshapes the page `redocly build-docs` writes so that it reads well from any static host:
//
// - Links use hash routes. Redoc's client already routes by hash (it hydrates with a hash router
//   unless told `router: 'history'`), but its server render writes the sidebar's links as absolute
//   paths (`/dns`, `/section/authentication`), which a static host answers with 404 and which
//   escape a `/<repo>/` prefix. Rewriting them to `#/dns` makes the HTML say what the client does.
// - The Redoc bundle (2.3 MB, the same for every build of one @redocly/cli version) leaves the page
//   for a file of its own named by its hash, so a browser caches it across spec changes, and the
//   server-rendered HTML paints without waiting for it.
// - The bundle is fetched once the page has loaded and runs (hydrates) on the reader's first
//   interaction, or at once when the address already names a route. Until then the page is the
//   server-rendered overview, sidebar and guide, whose links work as plain hash links; hydration
//   then opens whatever the address names by then.

export interface SplitPage {
  html: string;
  /** The Redoc bundle, to be written to `scriptName`. */
  script: string;
}

const MODULE_OPEN = '<script type="module">';
const DEFINITION = 'const __redoc_definition = ';
const OPTIONS = 'const __redoc_options = ';

/** Events that mean a reader is here and about to use the page. */
const INTERACTIONS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll', 'focusin'];

/**
 * The inline module that replaces Redoc's: it keeps the definition and options build-docs wrote
 * (already escaped for a script element) and loads the bundle from `scriptName`.
 */
function bootScript(scriptName: string, definition: string, options: string): string {
  return `<script type="module">
const definition = ${definition};
const options = ${options};
const events = ${JSON.stringify(INTERACTIONS)};
let started = false;
function start() {
  if (started) return;
  started = true;
  for (const type of events) removeEventListener(type, start, true);
  import('./${scriptName}')
    .then(({ hydrate }) => hydrate(definition, options, document.getElementById('redoc')))
    .then(() => window.__enhanceDocs?.());
}
// An address that names a route (a shared or reloaded link) needs the client to show it.
if (location.hash.length > 2) start();
else {
  for (const type of events) addEventListener(type, start, { capture: true, passive: true });
  const prefetch = () => {
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = './${scriptName}';
    document.head.append(link);
  };
  if (document.readyState === 'complete') prefetch();
  else addEventListener('load', prefetch, { once: true });
}
</script>`;
}

/** Takes the Redoc bundle out of the page; the page then loads it from `scriptName`. */
export function splitScript(html: string, scriptName: string): SplitPage {
  const open = html.lastIndexOf(MODULE_OPEN);
  const definitionAt = html.indexOf(DEFINITION, open);
  const optionsAt = html.indexOf(OPTIONS, definitionAt);
  const close = html.indexOf('</script>', optionsAt);
  if (open === -1 || definitionAt === -1 || optionsAt === -1 || close === -1) {
    throw new Error(
      `the page has no inline Redoc module ending in "${DEFINITION}…" and "${OPTIONS}…"; the page layout of @redocly/cli changed, update src/page.ts`,
    );
  }
  const script = html.slice(open + MODULE_OPEN.length, definitionAt).trim();
  const definition = html.slice(definitionAt + DEFINITION.length, html.lastIndexOf(';', optionsAt)).trim();
  const optionsEnd = html.indexOf(';\n', optionsAt);
  const options = html.slice(optionsAt + OPTIONS.length, optionsEnd).trim();
  // The bundle was escaped for a script element (`<\/script`); as a file of its own that is still
  // the same JavaScript, so it stays as written.
  return {
    html: `${html.slice(0, open)}${bootScript(scriptName, definition, options)}${html.slice(close + '</script>'.length)}`,
    script: `${script}\n`,
  };
}

/**
 * Rewrites the server-rendered links that are absolute paths (`href="/dns"`) to the hash routes
 * the client uses (`href="#/dns"`). Only the rendered markup inside `<div id="redoc">` is touched,
 * never the definition or a script.
 */
export function hashRoutes(html: string): { html: string; count: number } {
  const start = html.indexOf('<div id="redoc">');
  const end = html.indexOf('<script type="module">', start);
  if (start === -1 || end === -1) return { html, count: 0 };
  let count = 0;
  const markup = html
    .slice(start, end)
    .replace(/(<a\b[^>]*?\shref=")(\/(?!\/)[^"]*)"/g, (_whole, head: string, path: string) => {
      count += 1;
      return `${head}#${path}"`;
    })
    // Every server-rendered code block is focusable too: one that scrolls on a narrow screen must
    // be reachable by keyboard before the client runs (src/enhance.js does the same after).
    .replace(/<pre(?![^>]*\stabindex=)(?=[\s>])/g, '<pre tabindex="0"');
  return { html: `${html.slice(0, start)}${markup}${html.slice(end)}`, count };
}

/** Escapes text for HTML text or a double-quoted attribute value. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The page's `<meta name="description">`, from the spec's `info.summary` (else its title). */
export function metaDescription(text: string): string {
  return `<meta name="description" content="${escapeHtml(text.replace(/\s+/g, ' ').trim())}">`;
}

/**
 * What the landing view shows beside the introduction: the first operation's TypeScript sample,
 * kept in a template outside Redoc's markup and placed by the page script once Redoc has rendered.
 */
export function firstCallTemplate(source: string): string {
  return `<template id="first-call"><div class="first-call"><p class="first-call-title"><strong>First call</strong></p><pre data-language="ts">${escapeHtml(source.trimEnd())}</pre></div></template>`;
}

/** The page's own styles and script (src/page.css, src/enhance.js), placed in the page. */
export function withPageAssets(
  html: string,
  { css, script, firstCall }: { css: string; script: string; firstCall: string },
): string {
  const body = html.lastIndexOf('</body>');
  if (body === -1)
    throw new Error('the page has no </body>; the page layout of @redocly/cli changed, update src/page.ts');
  return `${html.slice(0, body)}${firstCall}\n<script>${script.replaceAll('</script', '<\\/script')}</script>\n${html.slice(body)}`.replace(
    '</head>',
    `<style>${css}</style>\n</head>`,
  );
}
