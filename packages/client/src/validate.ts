import { quote } from './errors.js';
import type { ParameterFact } from './facts.js';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * RFC 3339, section 5.6, checked against the calendar: `2023-02-30`, `2023-02-29` and `T24:00:00`
 * are refused; a leap second (`:60`) is allowed where one can occur, at 23:59 UTC (section 5.7).
 */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, sign, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === '+' || part === '-' || part === undefined ? part : Number(part))) as number[];
  const leap = (year as number) % 4 === 0 && ((year as number) % 100 !== 0 || (year as number) % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(month as number) - 1] ?? 0;
  if ((day as number) < 1 || (day as number) > days || (hour as number) > 23 || (minute as number) > 59) return false;
  if (offsetHour > 23 || offsetMinute > 59) return false;
  if ((second as number) < 60) return true;
  if (second !== 60) return false;
  const utcMinutes =
    ((hour as number) * 60 + (minute as number) - (String(sign) === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute)) %
    1440;
  return (utcMinutes + 1440) % 1440 === 23 * 60 + 59;
}

// The spec's `format`s that the client checks; other formats are left to the API.
const FORMATS: Record<string, { test: (value: string) => boolean; allowed: string }> = {
  'date-time': { test: isDateTime, allowed: 'an RFC 3339 date-time such as 2023-09-01T11:41:33.782Z' },
};

const LONE_SURROGATE = /\p{Cs}/u;
const SURROGATE_PAIRS = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

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

/** A value as an error message shows it: strings quoted and cut at 60 characters, objects by kind only. */
export function show(value: unknown): string {
  if (typeof value === 'string') return quote(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'an array';
  // A symbol's description may hold a line break, and a bigint may have thousands of digits.
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return value > 10n ** 20n || value < -(10n ** 20n) ? 'a bigint' : `${value}n`;
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? 'a function' : String(value);
  return 'an object';
}

const TYPES: Record<string, { is: (value: unknown) => boolean; article: string }> = {
  string: { is: (value) => typeof value === 'string', article: 'a string' },
  boolean: { is: (value) => typeof value === 'boolean', article: 'a boolean' },
  integer: { is: (value) => Number.isSafeInteger(value), article: 'an integer' },
  number: { is: (value) => typeof value === 'number' && Number.isFinite(value), article: 'a finite number' },
};

/** What is wrong with one value of a parameter, to follow `<name>: <value> is `; undefined when nothing is. */
export function problemOf(parameter: ParameterFact, value: unknown): string | undefined {
  const type = TYPES[parameter.type];
  if (type && !type.is(value)) return `not ${type.article}`;
  if (parameter.enum && !parameter.enum.includes(value)) {
    const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
    const near = parameter.enum.find((known) => typeof known === 'string' && known.toLowerCase() === lower);
    const hint = near === undefined ? '' : ` (values are case-sensitive: use ${quote(String(near))})`;
    return `not one of ${parameter.enum.map(String).join(', ')}${hint}`;
  }
  if (typeof value === 'number') return numberProblem(parameter, value);
  if (typeof value !== 'string') return undefined;
  // Half of a UTF-16 pair cannot be percent-encoded: encodeURIComponent would throw a URIError.
  if (LONE_SURROGATE.test(value)) return 'not well-formed Unicode (a lone surrogate)';
  if (parameter.pattern && !matches(parameter.pattern, value)) {
    return `not allowed; expected ${parameter.description ?? `a match of ${parameter.pattern}`}`;
  }
  const format = parameter.format === undefined ? undefined : FORMATS[parameter.format];
  if (format && !format.test(value)) return `not ${format.allowed}`;
  const { minLength = 0, maxLength } = parameter;
  if (minLength > 0 || maxLength !== undefined) {
    // JSON Schema counts code points (an emoji is one character) where `length` counts UTF-16 units.
    const length = value.length - (value.match(SURROGATE_PAIRS)?.length ?? 0);
    if (length < minLength) return `shorter than ${minLength} characters`;
    if (length > (maxLength ?? length)) return `longer than ${maxLength} characters`;
  }
  // RFC 9110, section 5.5: fetch refuses a header value with a control character, quoting it whole.
  if (parameter.in === 'header' && /[^\t\x20-\x7e\x80-\xff]/.test(value))
    return 'not a header value (control character)';
  return undefined;
}

function numberProblem(parameter: ParameterFact, value: number): string | undefined {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = parameter;
  if (minimum !== undefined && value < minimum) return `less than the minimum ${minimum}`;
  if (maximum !== undefined && value > maximum) return `more than the maximum ${maximum}`;
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) return `not more than ${exclusiveMinimum}`;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) return `not less than ${exclusiveMaximum}`;
  // Divided rather than taken modulo, so that 0.3 counts as a multiple of 0.1.
  if (multipleOf !== undefined && !Number.isInteger(Number((value / multipleOf).toPrecision(12)))) {
    return `not a multiple of ${multipleOf}`;
  }
  return undefined;
}
