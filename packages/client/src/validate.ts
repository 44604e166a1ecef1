import type { ParameterFact } from './facts.js';

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

export const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** What is wrong with one value of a parameter, to follow `<name>: <value> is `; undefined when nothing is. */
export function problemOf(parameter: ParameterFact, value: unknown): string | undefined {
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
