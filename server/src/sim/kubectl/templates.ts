import { UsageError } from './args';

/**
 * kubectl's template output formats over API objects: `-o jsonpath=` (kubectl's JSONPath
 * templates: fields, `[n]`, `[*]`, `[a:b]`, `..name`, filters `[?(@.k=="v")]`, `range`/`end`,
 * quoted literals), `-o custom-columns=`, `--sort-by`, and a core of `-o go-template=` (fields,
 * `range`/`end`, `index`, `if`/`else`/`end`, quoted literals).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

type Segment =
  | { type: 'field'; name: string }
  | { type: 'recursive'; name: string }
  | { type: 'index'; index: number }
  | { type: 'slice'; start?: number; end?: number }
  | { type: 'all' }
  | { type: 'filter'; path: Segment[]; op?: string; value?: Json };

type Node =
  | { type: 'text'; text: string }
  | { type: 'path'; path: Segment[]; root: boolean }
  | { type: 'literal'; text: string }
  | { type: 'range'; path: Segment[]; root: boolean; body: Node[] };

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

function parsePath(text: string, template: string): { path: Segment[]; root: boolean } {
  let s = text.trim();
  let root = false;
  if (s.startsWith('$')) {
    root = true;
    s = s.slice(1);
  } else if (s.startsWith('@')) s = s.slice(1);
  const path: Segment[] = [];
  let i = 0;
  const bad = (): never => {
    throw new UsageError(`error: error parsing jsonpath ${template}, unrecognized character in action: U+${(s.charCodeAt(i) || 0).toString(16).toUpperCase().padStart(4, '0')} '${s[i] ?? ''}'`);
  };
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const m = /^[A-Za-z0-9_\-$]+/.exec(s.slice(i));
      if (!m) bad();
      path.push({ type: 'recursive', name: m![0] });
      i += m![0].length;
    } else if (s[i] === '.') {
      i++;
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        name += s[i++];
      }
      if (name === '*') path.push({ type: 'all' });
      else if (name) path.push({ type: 'field', name });
    } else if (s[i] === '[') {
      const close = matchBracket(s, i);
      if (close < 0) bad();
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') path.push({ type: 'all' });
      else if (/^-?\d+$/.test(inner)) path.push({ type: 'index', index: Number(inner) });
      else if (/^-?\d*:-?\d*(:\d+)?$/.test(inner)) {
        const [a, b] = inner.split(':');
        path.push({ type: 'slice', start: a === '' ? undefined : Number(a), end: b === '' || b === undefined ? undefined : Number(b) });
      } else if (/^'.*'$|^".*"$/.test(inner)) path.push({ type: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) {
        const expr = inner.slice(2, -1).trim();
        const m = /^(@[^=!<>\s]*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr);
        if (m) {
          const raw = m[3].trim();
          const value = /^'.*'$|^".*"$/.test(raw) ? raw.slice(1, -1) : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
          path.push({ type: 'filter', path: parsePath(m[1], template).path, op: m[2], value });
        } else path.push({ type: 'filter', path: parsePath(expr, template).path });
      } else bad();
    } else if (/\s/.test(s[i])) i++;
    else bad();
  }
  return { path, root };
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseJsonPathTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ type: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ type: 'text', text: template.slice(i, open) });
    let close = -1;
    let quote: string | undefined;
    for (let j = open + 1; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') {
        close = j;
        break;
      }
    }
    if (close < 0) throw new UsageError(`error: error parsing jsonpath ${template}, unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    const cur = stack[stack.length - 1];
    if (/^".*"$|^'.*'$/s.test(action)) cur.push({ type: 'literal', text: unquote(action) });
    else if (action.startsWith('range ')) {
      const node: Node = { type: 'range', ...parsePath(action.slice(6), template), body: [] };
      cur.push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new UsageError(`error: error parsing jsonpath ${template}, not in range, nothing to end`);
      stack.pop();
    } else cur.push({ type: 'path', ...parsePath(action, template) });
  }
  if (stack.length > 1) throw new UsageError(`error: error parsing jsonpath ${template}, unclosed range`);
  return root;
}

function evaluate(path: Segment[], values: Json[]): Json[] {
  let cur = values;
  for (const seg of path) {
    const next: Json[] = [];
    for (const v of cur) {
      if (v === undefined || v === null) continue;
      switch (seg.type) {
        case 'field':
          if (typeof v === 'object' && !Array.isArray(v) && seg.name in v) next.push(v[seg.name]);
          break;
        case 'recursive': {
          const visit = (x: Json) => {
            if (!x || typeof x !== 'object') return;
            if (!Array.isArray(x) && seg.name in x) next.push(x[seg.name]);
            for (const child of Array.isArray(x) ? x : Object.values(x)) visit(child);
          };
          visit(v);
          break;
        }
        case 'index':
          if (Array.isArray(v)) {
            const i = seg.index < 0 ? v.length + seg.index : seg.index;
            if (i < 0 || i >= v.length) throw new UsageError(`error: error executing jsonpath: array index out of bounds: index ${seg.index}, length ${v.length}`);
            next.push(v[i]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) next.push(...v.slice(seg.start ?? 0, seg.end ?? v.length));
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else if (typeof v === 'object') next.push(...Object.values(v));
          break;
        case 'filter':
          if (Array.isArray(v)) {
            for (const item of v) {
              const found = evaluate(seg.path, [item]);
              if (seg.op === undefined ? found.length > 0 : found.some((f) => compare(f, seg.op!, seg.value))) next.push(item);
            }
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function compare(a: Json, op: string, b: Json): boolean {
  switch (op) {
    case '==': return a === b || String(a) === String(b);
    case '!=': return !(a === b || String(a) === String(b));
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    default: return a >= b;
  }
}

/** A value as kubectl's JSONPath prints it: strings raw, everything else as JSON. */
function show(v: Json): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function run(nodes: Node[], root: Json, current: Json): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'literal') out += n.text;
    else if (n.type === 'path') out += evaluate(n.path, [n.root ? root : current]).map(show).join(' ');
    else for (const item of evaluate(n.path, [n.root ? root : current])) out += run(n.body, root, item);
  }
  return out;
}

export function jsonPath(template: string, data: Json): string {
  return run(parseJsonPathTemplate(template), data, data);
}

/** One column's values for `custom-columns` and `--sort-by` (`.a.b`, `{.a.b}`). */
export function fieldValues(expr: string, obj: Json): Json[] {
  const e = expr.trim().replace(/^\{(.*)\}$/s, '$1');
  return evaluate(parsePath(e.startsWith('.') || e.startsWith('[') || e.startsWith('$') || e.startsWith('@') ? e : '.' + e, expr).path, [obj]);
}

export function customColumns(spec: string, objs: Json[], noHeaders: boolean): string {
  const cols = spec.split(',').map((c) => {
    const i = c.indexOf(':');
    if (i <= 0) throw new UsageError(`error: unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, i), expr: c.slice(i + 1) };
  });
  const rows = objs.map((o) => cols.map((c) => {
    const vals = fieldValues(c.expr, o);
    return vals.length ? vals.map(show).join(',') : '<none>';
  }));
  const all = noHeaders ? rows : [cols.map((c) => c.header), ...rows];
  const widths = cols.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd() + '\n').join('');
}

/** `--sort-by`: by the first value of the expression (numbers numerically), objects without it first. */
export function sortBy<T>(items: T[], expr: string, json: (item: T) => Json): T[] {
  const key = (item: T) => fieldValues(expr, json(item))[0];
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
  });
}

/** A core of Go templates as kubectl's go-template printer runs them. */
export function goTemplate(template: string, data: Json): string {
  const tokens: { text?: string; action?: string }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ text: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ text: template.slice(i, open) });
    const close = template.indexOf('}}', open);
    if (close < 0) throw new UsageError(`error: error parsing template ${template}, template: output:1: unclosed action`);
    tokens.push({ action: template.slice(open + 2, close).replace(/^-\s*|\s*-$/g, '').trim() });
    i = close + 2;
  }
  let pos = 0;
  const value = (expr: string, dot: Json): Json => {
    const e = expr.trim();
    if (/^".*"$/s.test(e)) return unquote(e);
    if (/^-?\d+$/.test(e)) return Number(e);
    const idx = /^index\s+(\S+)\s+(.+)$/.exec(e);
    if (idx) {
      let v = value(idx[1], dot);
      for (const k of idx[2].match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []) v = v?.[value(k, dot)];
      return v;
    }
    const len = /^len\s+(\S+)$/.exec(e);
    if (len) return (value(len[1], dot) ?? []).length;
    if (e === '.') return dot;
    if (e.startsWith('$')) return e === '$' ? data : fieldValues(e.slice(1), data)[0];
    if (e.startsWith('.')) return e.slice(1).split('.').reduce((v, k) => (v == null ? undefined : v[k]), dot);
    throw new UsageError(`error: error parsing template ${template}, template: output:1: function "${e.split(/\s/)[0]}" not defined`);
  };
  const print = (v: Json): string => (v === undefined || v === null ? '<no value>' : typeof v === 'object' ? (Array.isArray(v) ? `[${v.map(print).join(' ')}]` : `map[${Object.keys(v).sort().map((k): string => `${k}:${print(v[k])}`).join(' ')}]`) : String(v));
  const block = (dot: Json, emit: boolean): { out: string; stop: string } => {
    let out = '';
    while (pos < tokens.length) {
      const t = tokens[pos++];
      if (t.text !== undefined) {
        if (emit) out += t.text;
        continue;
      }
      const a = t.action!;
      if (a === 'end' || a === 'else') return { out, stop: a };
      if (a.startsWith('range ')) {
        const list = emit ? value(a.slice(6), dot) : undefined;
        const start = pos;
        const items = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.keys(list).sort().map((k) => list[k]) : [];
        if (items.length === 0) {
          block(dot, false);
        }
        for (const item of items) {
          pos = start;
          out += block(item, emit).out;
        }
        continue;
      }
      if (a.startsWith('if ')) {
        const v = emit ? value(a.slice(3), dot) : undefined;
        const truthy = emit && !!v && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && Object.keys(v).length === 0);
        const first = block(dot, truthy);
        out += first.out;
        if (first.stop === 'else') out += block(dot, emit && !truthy).out;
        continue;
      }
      if (emit) out += print(value(a, dot));
    }
    return { out, stop: '' };
  };
  return block(data, true).out;
}
