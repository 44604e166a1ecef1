import { describe, expectTypeOf, it } from 'vitest';
import { type components, toNumbers } from '../src/index.js';

type Schemas = components['schemas'];

describe('toNumbers types', () => {
  it('turns the fields of a summary into numbers', () => {
    const summary = {} as Schemas['TcpResetsTimeoutsSummary'];
    expectTypeOf(toNumbers(summary)).toEqualTypeOf<{
      later_in_flow: number;
      no_match: number;
      post_ack: number;
      post_psh: number;
      post_syn: number;
    }>();
  });

  it('turns timeseries arrays into number arrays and keeps timestamps', () => {
    const series = {} as Schemas['MatchingAnswerTimeseries'];
    const numbers = toNumbers(series);
    expectTypeOf(numbers.NEGATIVE).toEqualTypeOf<number[]>();
    expectTypeOf(numbers.timestamps).toEqualTypeOf<string[] | undefined>();
  });
});
