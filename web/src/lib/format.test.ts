import { describe, expect, it } from 'vitest';
import { formatCount, formatCsat, formatDateTime, formatDay, formatDelta, formatMinutes, formatRate } from './format';

describe('formatRate', () => {
  it('writes a ratio as a percent with one decimal', () => {
    expect(formatRate(0.801)).toBe('80.1%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(0.12345)).toBe('12.3%');
  });
  it('writes a dash when there is no rate', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(undefined)).toBe('—');
  });
});

describe('formatMinutes', () => {
  it('writes minutes with one decimal under an hour', () => {
    expect(formatMinutes(12.44)).toBe('12.4 min');
    expect(formatMinutes(0.5)).toBe('0.5 min');
    expect(formatMinutes(59.94)).toBe('59.9 min');
  });
  it('writes hours and minutes from an hour on', () => {
    expect(formatMinutes(75)).toBe('1 h 15 min');
    expect(formatMinutes(120.2)).toBe('2 h');
  });
  it('writes a dash when there is no duration', () => {
    expect(formatMinutes(null)).toBe('—');
  });
});

describe('formatDelta', () => {
  it('gives counts a signed percent of the previous value', () => {
    expect(formatDelta(120, 100, 'percent')).toMatchObject({ direction: 'up', text: '+20.0%' });
    expect(formatDelta(75, 100, 'percent')).toMatchObject({ direction: 'down', text: '−25.0%' });
    expect(formatDelta(100, 100, 'percent')).toMatchObject({ direction: 'flat', text: '±0.0%' });
  });
  it('gives rates the difference in points', () => {
    expect(formatDelta(0.801, 0.75, 'points')).toMatchObject({ direction: 'up', text: '+5.1 pts' });
    expect(formatDelta(0.5, 0.532, 'points')).toMatchObject({ direction: 'down', text: '−3.2 pts' });
  });
  it('says nothing when the previous value is null, or zero for a percent', () => {
    expect(formatDelta(0.8, null, 'points')).toBeNull();
    expect(formatDelta(null, 0.8, 'points')).toBeNull();
    expect(formatDelta(12, 0, 'percent')).toBeNull();
    expect(formatDelta(0.2, 0, 'points')).toMatchObject({ text: '+20.0 pts' });
  });
  it('labels the change for screen readers', () => {
    expect(formatDelta(120, 100, 'percent')?.label).toBe('up +20.0% against the previous period');
  });
});

describe('days and times', () => {
  it('writes an API day as it is, whatever the browser zone', () => {
    expect(formatDay('2026-02-01')).toBe('Feb 1');
    expect(formatDay('2026-12-31', true)).toBe('Dec 31, 2026');
  });
  it('writes an instant in the account time zone', () => {
    expect(formatDateTime('2026-02-01T23:30:00Z', 'UTC')).toBe('Feb 1, 2026, 23:30');
    expect(formatDateTime('2026-02-01T23:30:00Z', 'Europe/Paris')).toBe('Feb 2, 2026, 00:30');
  });
  it('writes counts and CSAT', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCsat(4.149)).toBe('4.1');
    expect(formatCsat(null)).toBe('—');
  });
});
