/** $((...)) arithmetic: integers, + - * / % ** comparisons, && || !, parentheses, bare variable names. */
export function evalArithmetic(src: string, vars: Map<string, string>): number {
  const tokens = src.match(/\s*(0x[0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%()<>!~^&|?:])/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== src.replace(/\s+/g, '')) throw new Error('bad arithmetic');
  let pos = 0;
  const peek = () => tokens[pos];
  const value = (name: string): number => {
    const v = vars.get(name);
    if (v === undefined || v.trim() === '') return 0;
    const n = Number(v.trim());
    return Number.isFinite(n) ? Math.trunc(n) : 0;
  };
  const BINARY: [string[], (a: number, b: number, op: string) => number][] = [
    [['||'], (a, b) => (a || b ? 1 : 0)],
    [['&&'], (a, b) => (a && b ? 1 : 0)],
    [['|'], (a, b) => a | b],
    [['^'], (a, b) => a ^ b],
    [['&'], (a, b) => a & b],
    [['==', '!='], (a, b, op) => ((op === '==') === (a === b) ? 1 : 0)],
    [['<', '<=', '>', '>='], (a, b, op) => ((op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b) ? 1 : 0)],
    [['<<', '>>'], (a, b, op) => (op === '<<' ? a << b : a >> b)],
    [['+', '-'], (a, b, op) => (op === '+' ? a + b : a - b)],
    [['*', '/', '%'], (a, b, op) => {
      if (op === '*') return a * b;
      if (b === 0) throw new Error('division by zero');
      return op === '/' ? Math.trunc(a / b) : a % b;
    }],
  ];
  const unary = (): number => {
    const t = peek();
    if (t === '-') { pos++; return -unary(); }
    if (t === '+') { pos++; return unary(); }
    if (t === '!') { pos++; return unary() ? 0 : 1; }
    if (t === '~') { pos++; return ~unary(); }
    if (t === '(') {
      pos++;
      const v = ternary();
      if (peek() !== ')') throw new Error('missing )');
      pos++;
      return v;
    }
    pos++;
    if (t === undefined) throw new Error('unexpected end');
    if (/^[0-9]/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) return value(t);
    throw new Error(`unexpected ${t}`);
  };
  const power = (): number => {
    const base = unary();
    if (peek() === '**') { pos++; return base ** power(); }
    return base;
  };
  const binary = (level: number): number => {
    if (level >= BINARY.length) return power();
    let left = binary(level + 1);
    const [ops, fn] = BINARY[level];
    while (ops.includes(peek())) {
      const op = tokens[pos++];
      left = fn(left, binary(level + 1), op);
    }
    return left;
  };
  const ternary = (): number => {
    const c = binary(0);
    if (peek() === '?') {
      pos++;
      const a = ternary();
      if (peek() !== ':') throw new Error('missing :');
      pos++;
      const b = ternary();
      return c ? a : b;
    }
    return c;
  };
  if (tokens.length === 0) return 0;
  const result = ternary();
  if (pos !== tokens.length) throw new Error('bad arithmetic');
  return result;
}
