import { describe, expect, it } from 'vitest';
import { periodQuery, periodSearch, readPeriod, writePeriod } from './period';

describe('the period in the URL', () => {
  it('defaults to 30d and reads presets', () => {
    expect(readPeriod(new URLSearchParams(''))).toEqual({ kind: 'preset', period: '30d' });
    expect(readPeriod(new URLSearchParams('period=90d'))).toEqual({ kind: 'preset', period: '90d' });
    expect(readPeriod(new URLSearchParams('period=12d'))).toEqual({ kind: 'preset', period: '30d' });
  });
  it('reads a valid custom range, which wins over a preset', () => {
    expect(readPeriod(new URLSearchParams('period=7d&from=2026-01-01&to=2026-01-31'))).toEqual({
      kind: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(readPeriod(new URLSearchParams('from=2026-02-30&to=2026-03-01'))).toEqual({ kind: 'preset', period: '30d' });
  });
  it('writes a selection and keeps the other parameters', () => {
    const p = writePeriod(new URLSearchParams('from=2026-01-01&to=2026-01-31&engineer_id=e1'), { kind: 'preset', period: '7d' });
    expect(p.toString()).toBe('engineer_id=e1&period=7d');
    const c = writePeriod(p, { kind: 'custom', from: '2026-03-01', to: '2026-03-15' });
    expect(c.toString()).toBe('engineer_id=e1&from=2026-03-01&to=2026-03-15');
    expect(readPeriod(c)).toEqual({ kind: 'custom', from: '2026-03-01', to: '2026-03-15' });
  });
  it('turns a selection into the API query and into links', () => {
    expect(periodQuery({ kind: 'preset', period: '90d' })).toEqual({ period: '90d' });
    expect(periodQuery({ kind: 'custom', from: '2026-01-01', to: '2026-01-02' })).toEqual({ from: '2026-01-01', to: '2026-01-02' });
    expect(periodSearch(new URLSearchParams('engineer_id=x&period=7d'))).toBe('?period=7d');
  });
});
