// What the recordings cover: per operation, a successful JSON and CSV answer, each declared error
// status, every parameter in at least one recorded request, and every value of an enum path
// parameter (each one is a different endpoint of the API). Each gap comes with the command that fills it.
import type { RecordingFile } from './recording.js';
import { declaredStatus, matchPath, mediaType, type Spec, type SpecOperation, type SpecParameter } from './spec.js';

export interface CoverageRow {
  operationId: string;
  /** Column → the recordings that fill it (empty: missing); columns the operation lacks are absent. */
  cells: Map<string, string[]>;
  /** Each parameter, and each value of an enum path parameter (`dimension=SPF`), and whether a recording sends it. */
  parameters: { name: string; seen: boolean }[];
}

export interface Coverage {
  columns: string[];
  rows: CoverageRow[];
  /** One line per missing cell or parameter, ending with the `npm run record` command that fills it. */
  missing: string[];
  /** Filled cells and seen parameters over all of them, in percent. */
  percent: number;
}

/**
 * The column of a declared status and media type: `200 JSON`, `200 CSV`, an error status (`429`,
 * `5XX`) for its JSON envelope, `5XX HTML` for Cloudflare's gateway page.
 */
function label(status: string, type: string): string {
  if (type === 'text/csv') return `${status} CSV`;
  if (type === 'text/html') return `${status} HTML`;
  return status.startsWith('2') ? `${status} JSON` : status;
}

/** The column a recording fills, or `undefined` when its status is not declared. */
function column(spec: Spec, entry: RecordingFile): string | undefined {
  const operation = spec.operations.get(entry.operationId);
  if (!operation) return undefined;
  const { status, headers } = entry.recording.response;
  const declared = declaredStatus(operation, status);
  return declared === undefined ? undefined : label(declared, mediaType(headers['content-type']));
}

/**
 * The scenario name (the file name, as `recordings/README.md` lists them) and how to meet each
 * column's answer from the live API, since the recorder sends what it is given and records what
 * comes back. One row per answer class.
 */
const SCENARIOS: Record<string, { scenario: string; env?: string; when?: string }> = {
  '200 JSON': { scenario: 'documented' },
  '200 CSV': { scenario: 'csv' },
  // Radar error 2001, Input Validation Error (developers.cloudflare.com/radar/get-started/error-codes).
  '400': { scenario: 'bad-request', when: 'with values the API refuses, such as a dateStart after the dateEnd' },
  // Any token Cloudflare does not know is refused with error 10000.
  '401': { scenario: 'unauthorized', env: 'CLOUDFLARE_API_TOKEN=not-a-valid-token' },
  '403': { scenario: 'forbidden', when: 'with a token that lacks the User Details Read permission' },
  // Radar error 7003.
  '404': { scenario: 'not-found', when: 'with a filter value that names nothing' },
  // Radar error 2002, Query is above max cost.
  '422': {
    scenario: 'unprocessable',
    when: 'with a query above the max cost, such as a long dateStart to dateEnd range',
  },
  // Cloudflare's API limits page: over 1,200 requests in 5 minutes blocks every call for 5 minutes.
  '429': { scenario: 'rate-limited', when: 'while rate limited, or write the file by hand (meta.source hand-made)' },
  // Radar error 2000, Internal Error: nothing provokes it on purpose.
  '5XX': { scenario: 'server-error', when: 'when the API fails, or write the file by hand (meta.source hand-made)' },
  '5XX HTML': {
    scenario: 'bad-gateway',
    when: "when Cloudflare's edge answers its HTML 502 page, or write the file by hand (meta.source hand-made)",
  },
};

/** `queryType` → `query-type`: a scenario name from a parameter or value (lower-case words and `-`). */
const kebab = (text: string): string =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** One shell word: quoted only when the shell would split or expand it. */
const word = (text: string): string => (/^[\w.,:/@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);

/** A value of a parameter to record with: the spec's example, else a value its type allows. */
function sample(parameter: SpecParameter): string {
  if (parameter.example !== undefined) return parameter.example;
  if (parameter.itemType === 'boolean') return 'true';
  if (parameter.itemType === 'integer' || parameter.itemType === 'number') return '1';
  return '<value>';
}

/** The `npm run record` command for one scenario: the given pairs, plus a value for each required path parameter. */
function recordCommand(operation: SpecOperation, scenario: string, pairs: [string, string][], env?: string): string {
  const given = new Set(pairs.map(([key]) => key));
  const required = operation.parameters
    .filter((p) => p.required && !given.has(p.name))
    .map((p): [string, string] => [p.name, sample(p)]);
  const args = [...required, ...pairs].map(([key, value]) => word(`${key}=${value}`));
  return [...(env ? [env] : []), 'npm run record --', operation.operationId, scenario, ...args].join(' ');
}

/** The parameters to cover: each one, and each value of an enum path parameter in its place. */
function coverageItems(operation: SpecOperation): { name: string; parameter: SpecParameter; value?: string }[] {
  return operation.parameters.flatMap((parameter) =>
    parameter.in === 'path' && parameter.enum
      ? parameter.enum.map((value) => ({ name: `${parameter.name}=${value}`, parameter, value }))
      : [{ name: parameter.name, parameter }],
  );
}

/** Whether a recording sends the parameter (or, for a path parameter value, requests that value). */
function sends(operation: SpecOperation, entry: RecordingFile, parameter: SpecParameter, value?: string): boolean {
  const { request } = entry.recording;
  if (parameter.in === 'path') {
    const sent = matchPath(operation.path, request.path)?.[parameter.name];
    return sent !== undefined && (value === undefined || sent === value);
  }
  if (parameter.in === 'header') return parameter.name.toLowerCase() in request.headers;
  return request.query.some(([key]) => key === parameter.name);
}

/** The line for a missing column: what is missing, then the command that records it. */
function missingColumn(operation: SpecOperation, name: string): string {
  const known = SCENARIOS[name];
  const scenario = known?.scenario ?? kebab(`status ${name}`);
  const format = operation.parameters.find((p) => p.in === 'query' && p.enum?.includes('CSV'));
  const pairs: [string, string][] = name.endsWith(' CSV') && format ? [[format.name, 'CSV']] : [];
  const command = recordCommand(operation, scenario, pairs, known?.env);
  return `${operation.operationId}: no recording of ${name}; record one with: ${command}${known?.when ? ` (${known.when})` : ''}`;
}

export function computeCoverage(spec: Spec, recordings: readonly RecordingFile[]): Coverage {
  const columnsOf = (operationId: string): string[] => {
    const operation = spec.operations.get(operationId);
    if (!operation) return [];
    // One column per declared status and media type, so a media type the spec adds (the HTML
    // gateway page on 5XX) needs a recording too.
    return [...operation.responses].flatMap(([status, media]) => [
      ...new Set(media.size === 0 ? [status] : [...media.keys()].map((type) => label(status, type))),
    ]);
  };
  const columns: string[] = [];
  const rows: CoverageRow[] = [];
  const missing: string[] = [];
  let filled = 0;
  let total = 0;
  for (const operation of spec.operations.values()) {
    const own = recordings.filter((r) => r.operationId === operation.operationId);
    const cells = new Map<string, string[]>();
    for (const name of columnsOf(operation.operationId)) {
      if (!columns.includes(name)) columns.push(name);
      cells.set(name, []);
    }
    for (const entry of own) {
      const name = column(spec, entry);
      if (name !== undefined) cells.get(name)?.push(entry.file);
    }
    const parameters: CoverageRow['parameters'] = [];
    for (const [name, files] of cells) {
      total += 1;
      if (files.length > 0) filled += 1;
      else missing.push(missingColumn(operation, name));
    }
    for (const { name, parameter, value } of coverageItems(operation)) {
      const seen = own.some((entry) => sends(operation, entry, parameter, value));
      parameters.push({ name, seen });
      total += 1;
      if (seen) {
        filled += 1;
        continue;
      }
      const what = value === undefined ? `parameter ${name} is` : `path parameter value ${name} is`;
      const scenario = kebab(value === undefined ? parameter.name : `${parameter.name} ${value}`);
      const command = recordCommand(operation, scenario, [[parameter.name, value ?? sample(parameter)]]);
      missing.push(`${operation.operationId}: ${what} in no recorded request; record one with: ${command}`);
    }
    rows.push({ operationId: operation.operationId, cells, parameters });
  }
  return { columns, rows, missing, percent: total === 0 ? 100 : (filled / total) * 100 };
}

/** The table the coverage test prints: one row per operation, `✔ n` / `✘` per column. */
export function formatCoverage(coverage: Coverage): string {
  const header = ['operation', ...coverage.columns, 'parameters'];
  const body = coverage.rows.map((row) => [
    row.operationId,
    ...coverage.columns.map((name) => {
      const files = row.cells.get(name);
      if (files === undefined) return '-';
      return files.length > 0 ? `✔ ${files.length}` : '✘';
    }),
    `${row.parameters.filter((p) => p.seen).length}/${row.parameters.length}`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    ...body.map(line),
    `coverage ${coverage.percent.toFixed(1)} %${coverage.missing.length > 0 ? `, ${coverage.missing.length} missing:` : ''}`,
    ...coverage.missing.map((gap) => `✘ ${gap}`),
  ].join('\n');
}
