import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import {
  documentHeadRange,
  firstKeyOffset,
  keyNodeAtPath,
  keyRange,
  kubectlScalarTags,
  nodeAtPath,
  nodeRange,
  parseYamlFile,
  rangeForPath,
  rangeFromParse,
  scalarSource,
  valueRange,
  type PathSegment,
  type YamlFile,
} from '../../server/src/engine/yaml/documents';
import { resolvePlainScalar, TIMESTAMP } from '../../server/src/engine/yaml/yaml11Scalars';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';
import { pathAtPosition, pathFromParse } from '../../server/src/engine/editing/cursor';
import { docAtOffset } from '../../server/src/engine/editing/lines';

/**
 * The fast path (js-yaml values + line outline) must agree with the full parse (the `yaml`
 * library) on every document it accepts: same value, no syntax errors hidden, same ranges for
 * every path. Checked on hand-picked forms, on the bundled fixtures and the real corpus, and on
 * fuzzed variants of them (fixed seeds, so a failure reproduces).
 */

const root = join(__dirname, '..', '..');
const corpora = join(root, '..', 'shared', 'corpora');

function fullParse(text: string) {
  // As the engine parses: scalars as kubectl's go-yaml reads them (timestamps stay strings, no sexagesimal numbers).
  return parseDocument(text.replace(/\r(?!\n)/g, '\n'), { version: '1.1', uniqueKeys: true, prettyErrors: false, strict: false, logLevel: 'error', customTags: kubectlScalarTags });
}

/** Every path of a parsed document, plus a few that do not exist below each. */
function probePaths(contents: unknown): PathSegment[][] {
  const all: PathSegment[][] = [];
  const walk = (n: unknown, p: PathSegment[]): void => {
    all.push(p);
    if (isMap(n)) for (const it of n.items) if (isScalar(it.key)) walk(it.value, [...p, String(it.key.value)]);
    if (isSeq(n)) n.items.forEach((x, i) => walk(x, [...p, i]));
  };
  walk(contents, []);
  return [...all, ...all.flatMap((p) => [[...p, 'no-such-field'], [...p, 0], [...p, 9]])];
}

/** Offsets where the path at the cursor was compared, and how many of them the outline answered alone. */
const probed = { offsets: 0, byOutline: 0 };

/** Asserts the fast path's answers for every document of `text` that took it; returns how many did. */
function assertAgrees(text: string, label: string): number {
  let fast = 0;
  const file: YamlFile = parseYamlFile('file:///t.yaml', text);
  for (const doc of file.docs) {
    if (!doc.outline) continue;
    fast++;
    const full = fullParse(doc.text);
    const where = `${label} document ${doc.index + 1}`;
    assert.deepEqual([...doc.syntaxErrors].map((e) => `${e.code}@${e.pos[0]}`).sort(), full.errors.map((e) => `${e.code}@${e.pos[0]}`).sort(), `${where}: syntax errors differ`);
    assert.deepStrictEqual(doc.value, full.toJS({ maxAliasCount: 1000 }), `${where}: values differ`);
    for (const p of probePaths(doc.doc.contents)) {
      for (const prefer of ['key', 'value'] as const) {
        assert.deepEqual(rangeForPath(file, doc, p, prefer), rangeFromParse(file, doc, p, prefer), `${where}: ${prefer} range of ${JSON.stringify(p)}`);
      }
      const node = nodeAtPath(doc.doc, p);
      assert.deepEqual(valueRange(file, doc, p), node ? nodeRange(file, doc, node) : undefined, `${where}: exact range of ${JSON.stringify(p)}`);
      const key = keyNodeAtPath(doc.doc, p);
      assert.deepEqual(keyRange(file, doc, p), key ? nodeRange(file, doc, key) : undefined, `${where}: key range of ${JSON.stringify(p)}`);
      if (isScalar(node) && typeof node.value !== 'string') assert.equal(scalarSource(doc, p), node.source, `${where}: source of ${JSON.stringify(p)}`);
      const map = p.length === 0 ? doc.doc.contents : node;
      const first = isMap(map) && !map.flow ? (map.items[0]?.key as Node | undefined)?.range?.[0] : undefined;
      assert.equal(firstKeyOffset(doc, p), first === undefined ? undefined : doc.start + first, `${where}: first key of ${JSON.stringify(p)}`);
    }
    // The path at the cursor (hover, completion, definition), placed by the outline where it can
    // be: the answer of the full parse (and the lines) at every offset (every 7th of a long document).
    const step = doc.text.length > 4000 ? 7 : 1;
    for (let off = doc.start; off < doc.end; off += step) {
      const position = file.lines.positionAt(off);
      if (file.lines.offsetAt(position) !== off || docAtOffset(file, off) !== doc) continue; // inside a \r\n, on a marker line
      probed.offsets++;
      if (doc.outline.pathAt(off - doc.start, doc.text) !== undefined) probed.byOutline++;
      assert.deepEqual(pathAtPosition(file, position), pathFromParse(file, doc, position), `${where}: path at offset ${off}`);
    }
    const contents = doc.doc.contents as Node | null;
    const head = file.lines.positionAt(contents?.range ? doc.start + contents.range[0] : doc.start);
    assert.deepEqual(documentHeadRange(file, doc).start, head, `${where}: document head`);
  }
  return fast;
}

test('YAML 1.1 plain scalars resolve as the full parser resolves them', () => {
  const samples = ['yes', 'No', 'ON', 'off', 'y', 'n', '~', 'null', 'NULL', '', '0755', '0o17', '08', '0b101', '0x1F', '1_000', '+12', '-0', '1.5', '.5', '1.', '.', '1e3', 'e3', '.inf', '-.Inf', '.NaN', '1:30', '-1:30:00', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'True', 'tRue', '1_2.3_4', '0_', '+', 'o', 'Yes!', 'nginx:1.25', '10Mi', '500m'];
  for (const s of samples) {
    const full = fullParse(`v: ${s}\n`).toJS().v;
    const mine = resolvePlainScalar(s);
    if (mine === TIMESTAMP) assert.equal(full, s, s);
    else assert.deepStrictEqual(mine, full, s);
  }
  fc.assert(
    fc.property(fc.stringMatching(/^[-+.0-9_:eExXbBoOyYnNtTfF~]{1,8}$/), (s) => {
      const doc = fullParse(`v: ${s}\n`);
      fc.pre(doc.errors.length === 0 && isScalar((doc.contents as { items: { value: unknown }[] }).items[0].value));
      const mine = resolvePlainScalar(s);
      const full = doc.toJS().v;
      if (mine === TIMESTAMP) return full === s;
      return Object.is(mine, full) || (typeof mine === 'number' && Number.isNaN(mine) && Number.isNaN(full));
    }),
    { seed: 1, numRuns: 3000 },
  );
});

test('plain scalars mean what kubectl (go-yaml v2) reads: no sexagesimal numbers, Go integer prefixes in either case', () => {
  // Observed with kubectl 1.32 (`kubectl label --local -f x.yaml k=v -o json`): "02:30" stays a
  // string, 0o600 is 384, 0644 is 420, `e2` (GKE's machine-family label) and `.` are strings.
  // YAML 1.1 on paper would make 02:30 the number 150, and the yaml library reads e2 as NaN.
  const kubectl: [string, unknown][] = [['02:30', '02:30'], ['1:30', '1:30'], ['-1:30:00', '-1:30:00'], ['190:20:30.15', '190:20:30.15'], ['0o600', 384], ['0O17', 15], ['0644', 420], ['0X1F', 31], ['0B101', 5], ['-0o17', -15], ['e2', 'e2'], ['E5', 'E5'], ['.', '.'], ['.e3', '.e3'], ['1e3', 1000], ['1.', 1], ['.5', 0.5], ['1_2.3_4', 12.34], ['-.inf', Number.NEGATIVE_INFINITY]];
  for (const [text, value] of kubectl) {
    assert.deepStrictEqual(resolvePlainScalar(text), value, `fast path: ${text}`);
    assert.deepStrictEqual(fullParse(`v: ${text}\n`).toJS().v, value, `full parse: ${text}`);
  }
});

test('forms the fast path declines go to the full parse, with its findings and values', () => {
  const declined = [
    'a: &x 1\nb: *x\n', // anchors and aliases
    'a: !!str 5\n', // tags
    'base: &b {x: 1}\nc:\n  <<: *b\n', // merge keys
    '%YAML 1.1\n---\na: 1\n', // directives
    '? a\n: 1\n', // explicit keys
    '{a: 1, [b]}\n', // a collection as a flow key
    'data:\n# note\n  ke\ny: Q\n', // read differently by the two parsers
    'a:\tb\n\tc: 1\n', // a tab in indentation
    'a: {b: 1, null}\n', // a null key
    'a: [1,#x\n]\n', // a comment glued to a flow indicator
  ];
  for (const text of declined) {
    const doc = parseYamlFile('x.yaml', text).docs.find((d) => !d.empty)!;
    assert.equal(doc.outline, undefined, JSON.stringify(text));
    const full = fullParse(doc.text);
    assert.deepEqual(doc.syntaxErrors.map((e) => e.code), full.errors.map((e) => e.code), JSON.stringify(text));
    assert.deepStrictEqual(doc.value, doc.valueError ? undefined : full.toJS({ maxAliasCount: 1000 }), JSON.stringify(text));
  }
});

test('a flow collection continued at its key is read as kubectl reads it, with ranges in the original text', () => {
  for (const [text, value] of [
    ['a: [\nb]\n', { a: ['b'] }],
    ['spec:\n  args: ["x",\n  "y"]\n  count: 1\n', { spec: { args: ['x', 'y'], count: 1 } }],
    ['m: {k: 1,\nj: 2}\n', { m: { k: 1, j: 2 } }],
  ] as const) {
    const file = parseYamlFile('x.yaml', text);
    const doc = file.docs[0];
    assert.deepEqual(doc.syntaxErrors, [], text);
    assert.deepStrictEqual(doc.value, value, text);
  }
  const file = parseYamlFile('x.yaml', 'spec:\n  args: ["x",\n  "y"]\n  count: 1\n');
  assert.deepEqual(valueRange(file, file.docs[0], ['spec', 'args', 1]), { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } });
  assert.deepEqual(valueRange(file, file.docs[0], ['spec', 'count']), { start: { line: 3, character: 9 }, end: { line: 3, character: 10 } });
});

test('the fast path takes the block forms manifests are written in, with exact ranges', () => {
  const texts = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c # comment\n  labels: {app: web, "tier": front}\ndata:\n  a.conf: |\n    x: 1\n    # not a comment\n\n  b: >-\n    folded\n    text\n  c: "two\n    lines"\n  d: plain\n    continued\n  \'e\': \'it\'\'s\'\n',
    '---\n# lead\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - containerPort: 80\n          protocol: TCP\n        args: ["--port", "80"]\n        env:\n          -   name: X\n              value: "1"\n      volumes:\n      -\n        name: v\n        emptyDir: {}\n...\n',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: nginx\r\n',
    '\ufeffkind: Pod\nvalue: yes\nn: 0755\nlist:\n- a\n- b: c\n  d: e\n',
    // Duplicate keys: reported where the full parser reports them, the last value kept.
    'kind: Pod\nmetadata:\n  name: a\n  "name": b\n  labels: {x: 1, x: 2, \'y\': 3}\nmetadata: {}\n1: one\n0x1: hex one\nyes: true\ntrue: again\n',
    'kind: Pod\nlast:\n- item: no-final-newline',
    '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "spec": {"ports": [{"port": 80}, {"port": 443,\n    "name": "https"}]}\n}\n',
  ];
  let fast = 0;
  texts.forEach((t, i) => (fast += assertAgrees(t, `sample ${i + 1}`)));
  assert.ok(fast >= 7, `expected the samples on the fast path, got ${fast}`);
});

test('a flow collection of short plain pieces on one long line takes the fast path, with exact ranges; other long lines do not', () => {
  const keys = Array.from({ length: 300 }, (_, i) => `k${i}: v${i}`);
  const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flow\ndata: {${keys.join(', ')}, list: [a, b, {c: d}], k7: again}\n`;
  assert.ok(flow.split('\n')[4].length > 1024);
  assert.equal(assertAgrees(flow, 'long flow line'), 1);
  assert.deepEqual(parseYamlFile('file:///t.yaml', flow).docs[0].syntaxErrors.map((e) => e.code), ['DUPLICATE_KEY']);
  // A quote or a piece longer than an implicit key may be on such a line: the full parse reads it.
  const quoted = flow.replace('k5: v5', 'k5: "v5"');
  const long = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flow\ndata:\n  text: ${'word '.repeat(300)}\n`;
  for (const text of [quoted, long]) assert.equal(parseYamlFile('file:///t.yaml', text).docs[0].outline, undefined);
});

function manifestTexts(dir: string): string[] {
  return walkManifestFiles(dir).map((p) => readFileSync(p, 'utf8'));
}

/** Small random edits of real manifests: inserted indicators, deletions, indentation changes. */
function mutate(text: string, rnd: () => number): string {
  const pieces = [':', ' ', '-', '#', "'", '"', '\n', '\t', '[', ']', '{', '}', ',', '?', '|', '>', '0', 'x', '.', '\\', '  ', ': ', '- ', '\n  ', ' #', '~', 'yes', 'null', '&a', '*a', '!', '<<', '\r\n', '%'];
  let c = text;
  const edits = 1 + Math.floor(rnd() * 3);
  for (let j = 0; j < edits; j++) {
    const pos = Math.floor(rnd() * c.length);
    const r = rnd();
    if (r < 0.5) c = c.slice(0, pos) + pieces[Math.floor(rnd() * pieces.length)] + c.slice(pos);
    else if (r < 0.8) c = c.slice(0, pos) + c.slice(pos + 1 + Math.floor(rnd() * 3));
    else {
      const lines = c.split('\n');
      const li = Math.floor(rnd() * lines.length);
      lines[li] = rnd() < 0.5 ? ' ' + lines[li] : lines[li].replace(/^ /, '');
      c = lines.join('\n');
    }
  }
  return c;
}

function fuzz(texts: string[], runs: number, seed: number): { fast: number } {
  let fast = 0;
  const small = texts.filter((t) => t.length < 4000);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: small.length - 1 }), fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), (i, stream) => {
      const it = stream[Symbol.iterator]();
      const text = mutate(small[i], () => it.next().value as number);
      fast += assertAgrees(text, `mutation of text ${i}`);
    }),
    { seed, numRuns: runs },
  );
  return { fast };
}

/**
 * Anchors nothing aliases (`key: &name value`, `- &name value`) on every few lines: a document
 * without `*` keeps them on the fast path (fastLoad.ts), where the outline places the values after
 * them as the full parse does, or declines.
 */
function anchored(text: string, seed: number): string {
  let n = seed;
  let k = 0;
  return text
    .split('\n')
    .map((line) => {
      n = (n * 1103515245 + 12345) % 2147483648;
      if (n % 3 !== 0) return line;
      k++;
      const anchor = n % 5 === 0 ? `&a${k} ` : `&anchor-${k}  `;
      return line.replace(/^(\s*-\s+)(?=[^\s#&*!])/, `$1${anchor}`).replace(/^(\s*(?:-\s+)?[\w.\/-]+:\s+)(?=[^\s#&*!|>])/, `$1${anchor}`);
    })
    .join('\n');
}

test('anchors that nothing aliases: the fast path reads them and agrees with the full parse', (t) => {
  const texts = [...manifestTexts(join(root, 'test-fixtures')), ...(existsSync(corpora) ? manifestTexts(corpora) : [])].filter((x) => !x.includes('*') && x.length < 20_000);
  let fast = 0;
  let withAnchors = 0;
  texts.forEach((text, i) => {
    const a = anchored(text, i + 1);
    if (a === text) return;
    fast += assertAgrees(a, `anchored text ${i}`);
    withAnchors += parseYamlFile('file:///t.yaml', a).docs.filter((d) => d.outline && d.text.includes('&')).length;
  });
  t.diagnostic(`${withAnchors} anchored documents on the fast path`);
  assert.ok(withAnchors > 50, `anchored documents on the fast path: ${withAnchors}`);
  // The large input of issue 20: a block map under an anchored flow map takes the fast path.
  const doc = parseYamlFile('file:///t.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: block\n  labels: &l {a: b}\ndata:\n  k0: v0\n').docs[0];
  assert.ok(doc.outline);
  assert.ok(fast > 0);
  // With an alias anywhere in the document, anchors still take the full parse (alias limits are measured there).
  assert.equal(parseYamlFile('file:///t.yaml', 'a: &x {b: c}\nd: "*"\n').docs[0].outline, undefined);
});

test('bundled fixtures and fuzzed variants of them: the fast path agrees with the full parse', () => {
  const texts = manifestTexts(join(root, 'test-fixtures'));
  let fast = 0;
  texts.forEach((t, i) => (fast += assertAgrees(t, `fixture ${i}`)));
  assert.ok(fast > 20, `fixtures on the fast path: ${fast}`);
  // The outline places the cursor itself almost everywhere (not a comparison that always defers).
  assert.ok(probed.byOutline > 0.9 * probed.offsets, `the outline placed ${probed.byOutline} of ${probed.offsets} offsets`);
  assert.ok(fuzz(texts, 400, 7).fast > 100);
});

test('real manifests and fuzzed variants of them: the fast path agrees with the full parse', (t) => {
  if (!existsSync(corpora)) {
    t.skip('fast path vs full parse on the corpus: ../shared not present');
    return;
  }
  const texts = manifestTexts(corpora);
  let fast = 0;
  let docs = 0;
  for (const [i, text] of texts.entries()) {
    fast += assertAgrees(text, `corpus file ${i}`);
    docs += parseYamlFile('x.yaml', text).docs.filter((d) => !d.empty).length;
  }
  // Most real manifests take the fast path (the rest use anchors, duplicate keys, ...).
  assert.ok(fast / docs > 0.85, `fast path share ${fast}/${docs}`);
  assert.ok(fuzz(texts, 600, 11).fast > 200);
});

test('a document longer than the shared line tables is read on the fast path too, and the next one still is', () => {
  const items = Array.from({ length: 70000 }, (_, i) => `- item-${i}`).join('\n');
  const big = parseYamlFile('big.yaml', `kind: List\nitems:\n${items}\n`);
  assert.ok(big.docs[0].outline);
  assert.deepEqual(rangeForPath(big, big.docs[0], ['items', 69999]), { start: { line: 70001, character: 2 }, end: { line: 70001, character: 12 } });
  const small = parseYamlFile('small.yaml', 'kind: Pod\nmetadata:\n  name: web\n');
  assert.deepEqual(rangeForPath(small, small.docs[0], ['metadata', 'name']), { start: { line: 2, character: 8 }, end: { line: 2, character: 11 } });
});
