// What the recordings cover: per operation, a successful JSON and CSV answer, each declared error
// status, and every parameter in at least one recorded request.
import type { RecordingFile } from './recording.js';
import { declaredStatus, mediaType, type Spec } from './spec.js';

export interface CoverageRow {
  operationId: string;
  /** Column → the recordings that fill it (empty: missing); columns the operation lacks are absent. */
  cells: Map<string, string[]>;
  parameters: { name: string; seen: boolean }[];
}

export interface Coverage {
  columns: string[];
  rows: CoverageRow[];
  /** One line per missing cell or parameter. */
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
    const sent = new Set(own.flatMap((r) => r.recording.request.query.map(([key]) => key)));
    const parameters = operation.parameters.map((p) => ({ name: p.name, seen: sent.has(p.name) }));
    for (const [name, files] of cells) {
      total += 1;
      if (files.length > 0) filled += 1;
      else missing.push(`${operation.operationId}: no recording of ${name}`);
    }
    for (const { name, seen } of parameters) {
      total += 1;
      if (seen) filled += 1;
      else missing.push(`${operation.operationId}: parameter ${name} is in no recorded request`);
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
    `coverage ${coverage.percent.toFixed(1)} %${coverage.missing.length > 0 ? `; missing: ${coverage.missing.join('; ')}` : ''}`,
  ].join('\n');
}
