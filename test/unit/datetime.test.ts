import { describe, expect, it } from 'vitest';
import { toIsoDateTime } from '../../src/schema/scalars.js';

describe('DateTime serialisation', () => {
  it('writes ISO-8601 with milliseconds whatever the upstream sent', () => {
    expect(toIsoDateTime(1704067200000)).toBe('2024-01-01T00:00:00.000Z');
    expect(toIsoDateTime(1704067200123)).toBe('2024-01-01T00:00:00.123Z');
    expect(toIsoDateTime('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00.000Z');
    expect(toIsoDateTime('2024-01-01T00:00:00.5Z')).toBe('2024-01-01T00:00:00.500Z');
    expect(toIsoDateTime('2024-01-01T02:00:00.000+02:00')).toBe('2024-01-01T00:00:00.000Z');
    expect(toIsoDateTime(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
  it('refuses what is not a time', () => {
    for (const bad of ['yesterday', '', NaN, {}, null, '2024-13-45T00:00:00Z']) expect(() => toIsoDateTime(bad)).toThrowError();
  });
});
