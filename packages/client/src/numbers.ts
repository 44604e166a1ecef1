/** A series or summary with its numeric strings turned into numbers; `timestamps` stay strings. */
export type Numbers<Series> = {
  [Key in keyof Series]: Key extends 'timestamps'
    ? Series[Key]
    : Series[Key] extends readonly string[]
      ? number[]
      : Series[Key] extends string
        ? number
        : Series[Key];
};

/**
 * Turns the numeric strings of one series or summary (`"65.1"`, `["10", "12.5"]`) into numbers.
 * Radar sends them as strings to keep precision; parse once you know doubles are enough.
 * @example
 * const { summary_0 } = await client.radar.tcpResetsTimeouts.summary();
 * toNumbers(summary_0).no_match; // 65
 */
export function toNumbers<Series extends object>(series: Series): Numbers<Series> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(series)) {
    if (key === 'timestamps') out[key] = value;
    else if (typeof value === 'string') out[key] = Number(value);
    else if (Array.isArray(value))
      out[key] = value.map((item: unknown) => (typeof item === 'string' ? Number(item) : item));
    else out[key] = value;
  }
  return out as Numbers<Series>;
}
