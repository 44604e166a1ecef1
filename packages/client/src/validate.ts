import { RadarValidationError } from './errors.js';
import type { OperationFact, ParameterFact } from './facts.js';

// The spec's `format`s that the client checks; other formats are left to the API.
const FORMATS: Record<string, { test: (value: string) => boolean; allowed: string }> = {
  'date-time': {
    // RFC 3339, section 5.6, plus a calendar check (`2023-02-30` passes the pattern but is no date).
    test: (value) =>
      /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
      !Number.isNaN(Date.parse(value)),
    allowed: 'an RFC 3339 date-time such as 2023-09-01T11:41:33.782Z',
  },
};

// Compiled once per pattern rather than once per value checked.
const patterns = new Map<string, RegExp>();
function matches(pattern: string, value: string): boolean {
  let regexp = patterns.get(pattern);
  if (!regexp) {
    regexp = new RegExp(pattern, 'u');
    patterns.set(pattern, regexp);
  }
  return regexp.test(value);
}

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** What is wrong with one value of a parameter, to follow `<name>: <value> is `; undefined when nothing is. */
function problemOf(parameter: ParameterFact, value: unknown): string | undefined {
  if (typeof value !== parameter.type) return `not a ${parameter.type}`;
  if (typeof value !== 'string') return undefined;
  if (parameter.enum && !parameter.enum.includes(value)) return `not one of ${parameter.enum.join(', ')}`;
  if (parameter.pattern && !matches(parameter.pattern, value)) {
    return `not allowed; expected ${parameter.description ?? `a match of ${parameter.pattern}`}`;
  }
  const format = parameter.format === undefined ? undefined : FORMATS[parameter.format];
  if (format && !format.test(value)) return `not ${format.allowed}`;
  if (value.length < (parameter.minLength ?? 0)) return `shorter than ${parameter.minLength} characters`;
  if (value.length > (parameter.maxLength ?? value.length)) return `longer than ${parameter.maxLength} characters`;
  return undefined;
}

/**
 * Checks a query against the operation's parameters as the spec gives them, before any request:
 * unknown names, types, enum values, patterns, formats and lengths, and that per-series arrays line
 * up. Throws one `RadarValidationError` naming every problem.
 */
export function validateQuery(fact: OperationFact, query: unknown): void {
  const where = `${fact.method} ${fact.path}`;
  if (query === undefined) return;
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new RadarValidationError(`${where}: the query must be an object of parameters, found ${show(query)}`);
  }
  const problems: string[] = [];
  const lengths: string[] = [];
  const distinct = new Set<number>();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const parameter = fact.parameters.find((candidate) => candidate.name === name);
    if (!parameter) {
      problems.push(
        `unknown parameter ${JSON.stringify(name)}; allowed: ${fact.parameters.map((p) => p.name).join(', ')}`,
      );
    } else if (parameter.array && !Array.isArray(value)) {
      problems.push(`${name}: expected an array (one value per series), found ${show(value)}`);
    } else {
      const items: unknown[] = parameter.array ? value : [value];
      items.forEach((item, index) => {
        const problem = problemOf(parameter, item);
        if (problem) problems.push(`${parameter.array ? `${name}[${index}]` : name}: ${show(item)} is ${problem}`);
      });
      if (parameter.array) {
        lengths.push(`${name} (${items.length})`);
        distinct.add(items.length);
      }
    }
  }
  // One value per series: with several series, every per-series array must give each of them one.
  if (distinct.size > 1 && Math.max(...distinct) > 1) {
    problems.push(
      `per-series arrays must have the same length when more than one series is asked for: ${lengths.join(', ')}`,
    );
  }
  if (problems.length > 0) throw new RadarValidationError(`${where}: ${problems.join('; ')}`);
}
