import { describe, expect, it } from 'vitest';
import { toNumbers } from '../src/index.js';

describe('toNumbers', () => {
  it.each([
    {
      description: 'a summary of numeric strings',
      input: { later_in_flow: '10', no_match: '65.2712', post_ack: '5', post_psh: '0', post_syn: '-1e3' },
      expected: { later_in_flow: 10, no_match: 65.2712, post_ack: 5, post_psh: 0, post_syn: -1000 },
    },
    {
      description: 'a timeseries, keeping timestamps as they are',
      input: { timestamps: ['2022-09-16T10:15:00Z'], NEGATIVE: ['10', '12.5'], POSITIVE: ['90', '87.5'] },
      expected: { timestamps: ['2022-09-16T10:15:00Z'], NEGATIVE: [10, 12.5], POSITIVE: [90, 87.5] },
    },
    {
      description: 'keys with spaces',
      input: { 'TLS 1.0': '1', 'TLS 1.3': '99' },
      expected: { 'TLS 1.0': 1, 'TLS 1.3': 99 },
    },
  ])('converts $description', ({ input, expected }) => {
    expect(toNumbers(input)).toEqual(expected);
  });

  it('does not change its input', () => {
    const input = { no_match: '65' };
    toNumbers(input);
    expect(input).toEqual({ no_match: '65' });
  });
});
