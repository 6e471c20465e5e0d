/**
 * Pi to `digits` significant digits (as Perl's `bpi(digits)` prints it), computed exactly with
 * BigInt and Machin's formula: pi = 16 atan(1/5) - 4 atan(1/239).
 */
export function piDigits(digits: number): string {
  const n = Math.max(1, Math.min(Math.floor(digits), 20000));
  const guard = 10n;
  const scale = 10n ** (BigInt(n) + guard);
  const atanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    for (let k = 0n; term !== 0n; k++) {
      sum += (k % 2n === 0n ? 1n : -1n) * (term / (2n * k + 1n));
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  // pi * 10^(n-1) rounded half up gives the n significant digits.
  const shift = 10n ** (guard + 1n);
  const rounded = (pi + shift / 2n) / shift;
  const text = rounded.toString();
  return n === 1 ? text : `${text[0]}.${text.slice(1)}`;
}
