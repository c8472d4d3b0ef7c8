/** Arithmetic the scale sections report with. */

/** The exponent b of time ≈ a · size^b: least-squares slope of ln(time) against ln(size); null below two sizes. */
export function loglogSlope(points: ReadonlyArray<{ size: number; value: number }>): number | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.value));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

export const thousands = (n: number) => Math.round(n).toLocaleString('en');

/** `1,000,000` → `1M`, `300000` → `300k`: sizes in row names. */
export function sizeName(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return thousands(n);
}
