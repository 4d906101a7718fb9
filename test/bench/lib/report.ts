/** Plain-text tables and the target checks printed at the end of a bench run. */

export type Cell = string | number | null | undefined;

export function fmt(v: Cell, digits = 1): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '-';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) && digits <= 1 ? String(v) : v.toFixed(digits);
}

/** A table with a header row; the first column is left-aligned, the others right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean | null;
}

export function targetLines(checks: TargetCheck[]): string {
  return table(
    ['target', 'measured', ''],
    checks.map((c) => [c.target, c.measured, c.pass === null ? '?' : c.pass ? '✔' : '✘']),
  );
}
