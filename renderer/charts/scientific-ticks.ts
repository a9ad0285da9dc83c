/**
 * A tick label in scientific notation with just enough digits to tell neighbouring ticks apart: a
 * learning rate decaying from 2e-4 by 1e-8 a step shows 2.0000e-4, 1.9999e-4, not 0.00019999 or a row
 * of identical 2.00e-4.
 */
export function scientificTick(value: number, step: number): string {
  if (value === 0) return '0';
  const spread = Math.abs(value) / Math.max(Math.abs(step), Number.MIN_VALUE);
  const digits = Math.min(8, Math.max(1, Math.ceil(Math.log10(spread))));
  return value.toExponential(digits);
}
