import { Composer, Document, isMap, isScalar, isSeq, isPair, Lexer, Parser, YAMLParseError, type CST, type DocumentOptions, type Node, type Pair, type ParseOptions, type SchemaOptions, type Tags, type YAMLMap } from 'yaml';
import { LineIndex } from './lineIndex';
import { fastLoad } from './fastLoad';
import { Outline, type Located, type Lookup } from './outline';
import type { Range } from '../findings';
import { indentFlowContinuations, remapRanges } from './flowIndent';
import { aliasExpansionProblem, type AliasProblem } from './aliases';
import { addDuplicateKeyErrors } from './duplicateKeys';
import { GO_FLOAT } from './yaml11Scalars';
import { drain, type Steps } from '../steps';

/**
 * The YAML model: a file split into documents, each with its value and exact source ranges.
 *
 * Splitting is a line scan for `---`/`...` markers at column 0: the YAML spec forbids those
 * lines inside any scalar, so the split is exact and cheap, and each document can be parsed
 * (and cached by its text) on its own. An edit therefore re-parses only the document it touches.
 *
 * Opening a large file is dominated by parsing, so a document's value comes from a fast loader
 * (fastLoad.ts) and the positions findings need from an outline of its lines (outline.ts); the
 * full parse with comments and node ranges (the `yaml` library) is made only for documents the
 * fast path declines (syntax errors, aliases, ...) or when an editing feature asks for `doc`.
 */

export type PathSegment = string | number;

export interface YamlDoc {
  /** 0-based position of the document in its file */
  readonly index: number;
  /** Absolute offsets of the document's text (including its leading `---` line) in the file */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /**
   * Full parse with comments and node ranges relative to `start`. Documents read by the fast
   * loader are parsed in full only when something asks for this (editing features, quick fixes).
   */
  readonly doc: Document.Parsed;
  /** Syntax errors and duplicate keys, as the full parser reports them (fast-path documents can only have the latter). */
  readonly syntaxErrors: readonly SyntaxIssue[];
  /** Cheap locations by path; defined exactly for documents whose value came from the fast loader. */
  readonly outline: Outline | undefined;
  /** Plain value (YAML 1.1 semantics, as kubectl reads it); undefined for an empty document. */
  readonly value: unknown;
  /** Why the plain value could not be built (for example an alias bomb), if it could not. */
  readonly valueError?: string;
  /** Aliases that would expand the value beyond the bounds (aliases.ts): the value is not built. */
  readonly aliasProblem?: AliasProblem;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Has string `apiVersion` and `kind` at the top level. */
  readonly isKubernetes: boolean;
  /** Contains template syntax (`{{ ... }}`): values may be unknown. */
  readonly templated: boolean;
  /** Only comments, whitespace or markers. */
  readonly empty: boolean;
}

/** A syntax error or duplicate key: the full parser's code, message and [start, end) offsets in the document. */
export interface SyntaxIssue {
  readonly code: string;
  readonly pos: readonly [number, number];
  readonly message: string;
}

export interface YamlFile {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly docs: YamlDoc[];
  /** Any document uses template syntax (Helm): the file is checked leniently. */
  readonly templated: boolean;
  /** Longer than MAX_FILE_CHARS: not parsed (no documents), reported once as not validated. */
  readonly tooLarge?: boolean;
  /** The size in bytes of a file too large to be read (its text is then empty). */
  readonly sizeBytes?: number;
  /**
   * How this parse was made from the previous parse of the same file, when parseYamlFile read
   * only the documents around an edit. Only the latest step is kept (the previous parse's own
   * `edit` is cleared), so parses never form a chain.
   */
  edit?: FileEdit;
}

/**
 * The documents an edit replaced: `docs[0, first)` are the previous parse's own document objects,
 * `docs[first, first + added)` were read anew in place of `previous.docs[first, first + removed)`,
 * and every later document is the previous one `removed - added` places further on, moved by
 * `lineDelta` lines (a new object with the same text: documentBeforeEdit gives the old one).
 */
export interface FileEdit {
  readonly previous: YamlFile;
  readonly first: number;
  readonly removed: number;
  readonly added: number;
  readonly lineDelta: number;
}

/** Aliases allowed per document before a value is refused: defeats "billion laughs". */
export const MAX_ALIAS_COUNT = 1000;
/**
 * Files longer than this (16 Mi UTF-16 code units, about 16 MB) are generated data, not hand-written
 * manifests: parsing them would stall the editor, so they are reported as not validated instead.
 * (A 10,000-document workspace file is about 6.4 MB and is still validated.)
 * The language server skips files over 16 MB on disk for the same reason.
 */
export const MAX_FILE_CHARS = 16 * 1024 * 1024;

/** Whether three marker characters ending before `at` make a `---`/`...` marker: followed by a space, a tab, a line break or the end. */
function endsMarker(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** Offsets where documents start: 0 and every `---` line (a `...` line ends a document). */
export function splitDocuments(text: string): { start: number; end: number }[] {
  return drain(splitDocumentsSteps(text));
}

/** Lines scanned between two yields of splitDocumentsSteps (a file of a million `---` lines). */
const LINES_PER_STEP = 65536;

function* splitDocumentsSteps(text: string): Steps<{ start: number; end: number }[]> {
  const starts = yield* documentStartsSteps(text);
  const parts: { start: number; end: number }[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    if (i % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
    parts[i] = { start: starts[i], end: i + 1 < starts.length ? starts[i + 1] : text.length };
  }
  // A leading chunk that holds only a directive or comments before the first `---` is kept:
  // it is an empty document and gets no diagnostics.
  return parts;
}

/** Where each document starts (the first at 0); each ends where the next starts, the last at the end of the text. */
function* documentStartsSteps(text: string): Steps<number[]> {
  // Starts are found in order; a `...` line and a `---` line right after it name the same one.
  const starts: number[] = [0];
  const add = (at: number): void => {
    if (at !== starts[starts.length - 1]) starts.push(at);
  };
  let lineStart = 0;
  let lines = 0;
  const n = text.length;
  while (lineStart < n) {
    if (++lines % LINES_PER_STEP === 0) yield;
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0) nl = n;
    const c = text.charCodeAt(lineStart);
    if (c === 45 /* - */ && text.startsWith('---', lineStart) && endsMarker(text, lineStart + 3)) {
      if (lineStart > 0) add(lineStart);
    } else if (c === 46 /* . */ && text.startsWith('...', lineStart) && endsMarker(text, lineStart + 3)) {
      // `...` ends the current document; the next one starts on the following line.
      if (nl < n) add(nl + 1);
    }
    lineStart = nl + 1;
  }
  return starts;
}

const SPACE_CHAR = /\s/;

/** Only whitespace, comments and `---`/`...` markers (a scan that stops at the first content). */
function isEmptyDocument(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) i++;
    else if (c === 35 /* # */) {
      // A comment runs to the line break (a lone CR is one too).
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if ((c === 45 && text.startsWith('---', i)) || (c === 46 && text.startsWith('...', i))) i += 3;
    else if (SPACE_CHAR.test(text[i])) i++;
    else return false;
  }
  return true;
}

const BLANK_LINE = /^(?:(?:---|\.\.\.)(?:[ \t]+(?:#.*)?)?| *(?:#.*)?)$/;

/** Every line blank, a comment, or a bare `---`/`...` marker (with a comment): an empty document without a doubt. */
function isBlankDocument(text: string): boolean {
  for (const line of text.split(/\r\n|\r|\n/)) if (!BLANK_LINE.test(line)) return false;
  return true;
}

/** Integers with the prefixes Go's ParseInt (base 0) reads and YAML 1.1 does not: `0o`/`0O`, `0X`, `0B`. */
const GO_INT_PREFIXES = ([['O', /^[-+]?0[oO][0-7_]+$/, 8], ['X', /^[-+]?0X[0-9a-fA-F_]+$/, 16], ['B', /^[-+]?0B[0-1_]+$/, 2]] as const).map(([format, test, radix]) => ({
  identify: (v: unknown) => Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: `GO-${format}`,
  test,
  resolve: (str: string) => {
    const sign = str[0] === '-' || str[0] === '+' ? 1 : 0;
    const n = parseInt(str.substring(sign + 2).replace(/_/g, ''), radix);
    return str[0] === '-' ? -1 * n : n;
  },
}));

/** A test that removes `_` first, as go-yaml does before it tries a float. */
class GoFloatTest extends RegExp {
  constructor() {
    super(GO_FLOAT.source);
  }
  override test(s: string): boolean {
    return s.charCodeAt(0) !== 95 && GO_FLOAT.test(s.replace(/_/g, ''));
  }
}

/** Floats as go-yaml reads them (yaml11Scalars.ts GO_FLOAT), in place of YAML 1.1's `float` and `floatExp`. */
const GO_FLOAT_TAG = {
  identify: (v: unknown) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  format: 'GO',
  test: new GoFloatTest(),
  resolve: (str: string) => parseFloat(str.replace(/_/g, '')),
};

const NAN_OR_INF = '.inf';

/** The YAML 1.1 tags as kubectl's go-yaml v2 reads scalars (the `yaml` library's customTags). */
export function kubectlScalarTags(tags: Tags): Tags {
  const kept = tags.filter((t) => {
    if (typeof t !== 'object') return true;
    if (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME') return false;
    // YAML 1.1's float forms read `e2` and `.` as NaN; go-yaml's need a digit. `.inf`/`.nan` stay.
    if (t.tag === 'tag:yaml.org,2002:float') return !!t.test?.test(NAN_OR_INF);
    return true;
  });
  return [...kept, ...GO_INT_PREFIXES, GO_FLOAT_TAG];
}

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  keepSourceTokens: false,
  // The library's own check is quadratic in the keys of a map; the same check, linear, below.
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
  // Scalars as kubectl's go-yaml v2 reads them (yaml11Scalars.ts): an unquoted timestamp stays the
  // string it was written as, `02:30` is a string (go-yaml has no sexagesimal numbers), and
  // integers take Go's prefixes in either case (`0o600`, `0X1F`, `0B101`).
  customTags: kubectlScalarTags,
  // Helm's `{{ x }}` reads as a collection key and yaml would warn on stderr; such documents
  // are already treated as templates, so the warning is only noise.
  logLevel: 'error',
};

/** Lexical tokens read between two yields of a full parse (a few milliseconds of work). */
const TOKENS_PER_STEP = 5000;

/**
 * The yaml library's parseDocument in steps (steps.ts): the same Lexer, Parser and Composer calls
 * with the same options, so the same Document, but the lexing and the concrete syntax tree, most
 * of the time of a large document (a flow map of 40,000 keys), a slice of tokens at a time. The
 * composition of a document is one step.
 */
function* parseDocumentSteps(source: string): Steps<Document.Parsed> {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let n = 0;
  for (const lexeme of new Lexer().lex(source, false)) {
    for (const t of parser.next(lexeme)) tokens.push(t);
    if (++n % TOKENS_PER_STEP === 0) yield;
  }
  for (const t of parser.end()) tokens.push(t);
  yield;
  const composer = new Composer(PARSE_OPTIONS);
  let doc: Document.Parsed | undefined;
  // As parseDocument: the first document, and an error on it if the source holds another.
  const take = (d: Document.Parsed): boolean => {
    if (!doc) doc = d;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(new YAMLParseError(d.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      return false;
    }
    return true;
  };
  compose: {
    for (const t of tokens) for (const d of composer.next(t)) if (!take(d)) break compose;
    for (const d of composer.end(true, source.length)) if (!take(d)) break compose;
  }
  return doc!;
}

function* parseAsIsSteps(source: string): Steps<Document.Parsed> {
  const doc = yield* parseDocumentSteps(source);
  addDuplicateKeyErrors(doc);
  return doc;
}

function fullParse(text: string): Document.Parsed {
  return drain(fullParseSteps(text));
}

function* fullParseSteps(text: string): Steps<Document.Parsed> {
  // A lone \r is a line break in YAML (and in the editor's LineIndex), but the parser reads it as
  // a plain character; as \n (same length) every offset stays the same.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const doc = yield* parseAsIsSteps(source);
  if (!doc.errors.some((e) => e.code === 'BAD_INDENT' && /^Flow (?:sequence|map)/.test(e.message))) return doc;
  // A flow collection continued at its key's indentation: kubectl reads it, so read it as it does.
  const reindented = indentFlowContinuations(source);
  if (!reindented) return doc;
  const again = yield* parseAsIsSteps(reindented.text);
  if (again.errors.length > 0) return doc;
  remapRanges(again, reindented.insertions);
  return again;
}

/**
 * What a first look at a document's text decides: nothing to parse (blank), the fast path's value
 * and outline, or the full parse (`full`: made beforehand in steps, or undefined to make it now).
 */
type FirstLook = { blank: true } | { value: unknown; outline: Outline } | { full: Document.Parsed | undefined };

function firstLook(text: string): FirstLook {
  return drain(firstLookSteps(text));
}

/** A document this long (characters) is read in two steps on the fast path: its value, then its outline. */
const SPLIT_READ_CHARS = 64 * 1024;

function* firstLookSteps(text: string): Steps<FirstLook> {
  const empty = isEmptyDocument(text);
  // Nothing to parse (a file of a million `---` lines is a million of these): the full parse,
  // which has nothing to report, waits until an editing feature asks for it.
  if (empty && isBlankDocument(text)) return { blank: true };
  // The fast path needs both: a value from js-yaml and an outline of the block structure (which
  // also turns away the forms where the full parser would read the structure differently).
  const quick = empty ? undefined : fastLoad(text);
  // A Pod of 60,000 env entries: about 0.4 s for js-yaml, then 0.2 s for the outline.
  if (quick && text.length >= SPLIT_READ_CHARS) yield;
  const outline = quick ? Outline.of(text) : undefined;
  if (quick && outline) return { value: quick.value, outline };
  return { full: undefined };
}

/**
 * One document's text, read once: its value from the fast loader when it can give it, else from
 * the full parse. The full parse and the outline are made on first use and kept.
 */
class ParsedChunk {
  private parsed: Document.Parsed | undefined;
  /** Locations by path; present exactly when the value came from the fast loader. */
  readonly outline: Outline | undefined;
  readonly value: unknown;
  readonly valueError: string | undefined;
  readonly aliasProblem: AliasProblem | undefined;
  readonly templated: boolean;
  readonly empty: boolean;
  /** Only blank lines, comments and markers: no value, no syntax error, not parsed until asked. */
  private readonly blank: boolean = false;

  constructor(
    readonly text: string,
    look: FirstLook = firstLook(text),
  ) {
    this.empty = isEmptyDocument(text);
    if ('blank' in look) {
      this.blank = true;
      this.templated = text.includes('{{'); // in a comment: a template, as below
      return;
    }
    if ('outline' in look) {
      this.outline = look.outline;
      this.value = look.value;
      this.templated = false; // the fast loader turns away every text with `{{`
      return;
    }
    const doc = (this.parsed = look.full ?? fullParse(text));
    // Measured on the parse before any value is built: an alias needs a `*`.
    this.aliasProblem = !this.empty && text.includes('*') ? aliasExpansionProblem(doc) : undefined;
    if (!this.empty && !this.aliasProblem) {
      try {
        this.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        this.valueError = e instanceof Error ? e.message : String(e);
      }
    }
    this.templated = text.includes('{{') && !bracesAreText(text, doc, this.value, this.valueError);
  }

  get doc(): Document.Parsed {
    return (this.parsed ??= fullParse(this.text));
  }

  private objectHead: ObjectHead | undefined;
  /** What the value says of the object (apiVersion, kind, name, namespace), read once per text. */
  get head(): ObjectHead {
    return (this.objectHead ??= this.value === undefined ? NO_HEAD : new ObjectHead(this.value));
  }

  /**
   * The full parser's errors. A fast-path document has none but duplicate keys, which the outline
   * finds where the full parser would (it reports the later key).
   */
  get syntaxErrors(): readonly SyntaxIssue[] {
    if (this.blank) return [];
    if (!this.outline) return this.doc.errors;
    return this.outline.duplicateKeys.map((at) => ({ code: 'DUPLICATE_KEY', pos: [at, at + 1] as const, message: 'Map keys must be unique' }));
  }
}

/**
 * Whether every `{{` of a document is text inside a string (PrometheusRule alert text, a Grafana
 * dashboard in a ConfigMap, an Argo ApplicationSet): the document is plain YAML and fully checked.
 * A `{{` the YAML reads as syntax (`replicas: {{ .Values.n }}`), one that breaks the parse, or
 * one in a comment makes the document a template.
 */
function bracesAreText(text: string, doc: Document.Parsed, value: unknown, valueError: string | undefined): boolean {
  if (valueError !== undefined || doc.errors.length > 0 || doc.warnings.length > 0) return false;
  let inStrings = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') inStrings += countBraces(v);
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        inStrings += countBraces(k);
        stack.push(x);
      }
    }
  }
  return inStrings >= countBraces(text);
}

function countBraces(s: string): number {
  let n = 0;
  for (let i = s.indexOf('{{'); i >= 0; i = s.indexOf('{{', i + 2)) n++;
  return n;
}

/** Bounded cache of parsed documents keyed by their text: unchanged documents are never re-parsed. */
const chunkCache = new Map<string, ParsedChunk>();
const CHUNK_CACHE_LIMIT = 20000;
/** Also bounded by the text it holds (a parse weighs ~20x its text, ~45 MB at most): every keystroke adds an entry. */
const CHUNK_CACHE_CHARS = 2 * 1024 * 1024;
let chunkCacheChars = 0;

/** A file with more documents than this reads its documents past the shared cache (it would only churn it). */
const SHARED_CACHE_MAX_DOCUMENTS = 500;

/** A new read of a document's text in steps: a full parse is made a slice of tokens at a time. */
function* newChunkSteps(text: string): Steps<ParsedChunk> {
  const look = yield* firstLookSteps(text);
  if (!('full' in look)) return new ParsedChunk(text, look);
  yield;
  const full = yield* fullParseSteps(text);
  yield;
  return new ParsedChunk(text, { full });
}

function parseChunk(text: string, previous?: Map<string, ParsedChunk>, shareable = true): ParsedChunk {
  return drain(parseChunkSteps(text, previous, shareable));
}

function* parseChunkSteps(text: string, previous?: Map<string, ParsedChunk>, shareable = true): Steps<ParsedChunk> {
  // The file's previous version first: it holds every unchanged document whatever the size of the
  // file, while the shared cache below is small (it would otherwise fill with keystroke versions).
  const unchanged = previous?.get(text);
  if (unchanged) return unchanged;
  if (!shareable) return yield* newChunkSteps(text);
  const cached = chunkCache.get(text);
  if (cached) {
    // refresh LRU position
    chunkCache.delete(text);
    chunkCache.set(text, cached);
    return cached;
  }
  const parsed = yield* newChunkSteps(text);
  // Another parse may have read the same text while this one yielded: one chunk per text.
  const meanwhile = chunkCache.get(text);
  if (meanwhile) return meanwhile;
  chunkCache.set(text, parsed);
  chunkCacheChars += text.length;
  while (chunkCache.size > 1 && (chunkCache.size > CHUNK_CACHE_LIMIT || chunkCacheChars > CHUNK_CACHE_CHARS)) {
    const oldest = chunkCache.keys().next().value as string;
    chunkCache.delete(oldest);
    chunkCacheChars -= oldest.length;
  }
  return parsed;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** What a document's value says of the object it is (a function of its text: kept with its read). */
class ObjectHead {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly isKubernetes: boolean;

  constructor(v: unknown) {
    const obj = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    const meta = obj && typeof obj.metadata === 'object' && obj.metadata !== null ? (obj.metadata as Record<string, unknown>) : undefined;
    this.apiVersion = str(obj?.apiVersion);
    this.kind = str(obj?.kind);
    this.name = str(meta?.name);
    this.namespace = str(meta?.namespace);
    this.isKubernetes = this.apiVersion !== undefined && this.kind !== undefined;
  }
}

/** The head of every document without a value (empty, or unreadable). */
const NO_HEAD = new ObjectHead(undefined);

/**
 * One document of a parse: its read (shared by the documents of the same text) and its place.
 * Nothing else per document: a file of a million `---` lines holds a million of these.
 */
class ParsedYamlDoc implements YamlDoc {
  /** The same document in the previous parse of its file, when an edit above it moved it. */
  before?: YamlDoc;

  constructor(
    readonly chunk: ParsedChunk,
    readonly index: number,
    readonly start: number,
    readonly end: number,
    /** In a Helm chart's templates/ folder: lenient whatever the document's own text. */
    readonly chartTemplate = false,
  ) {}

  get apiVersion(): string | undefined {
    return this.chunk.head.apiVersion;
  }
  get kind(): string | undefined {
    return this.chunk.head.kind;
  }
  get name(): string | undefined {
    return this.chunk.head.name;
  }
  get namespace(): string | undefined {
    return this.chunk.head.namespace;
  }
  get isKubernetes(): boolean {
    return this.chunk.head.isKubernetes;
  }

  /** The same document at another place in its file. */
  moved(index: number, delta: number): ParsedYamlDoc {
    return new ParsedYamlDoc(this.chunk, index, this.start + delta, this.end + delta, this.chartTemplate);
  }

  get text(): string {
    return this.chunk.text;
  }
  get doc(): Document.Parsed {
    return this.chunk.doc;
  }
  get syntaxErrors(): readonly SyntaxIssue[] {
    return this.chunk.syntaxErrors;
  }
  get outline(): Outline | undefined {
    return this.chunk.outline;
  }
  get value(): unknown {
    return this.chunk.value;
  }
  get valueError(): string | undefined {
    return this.chunk.valueError;
  }
  get aliasProblem(): AliasProblem | undefined {
    return this.chunk.aliasProblem;
  }
  get templated(): boolean {
    return this.chartTemplate || this.chunk.templated;
  }
  get empty(): boolean {
    return this.chunk.empty;
  }
}

/**
 * An object that stands for a document's parsed text: the same for documents read from the same
 * text (unchanged documents keep it from one parse of their file to the next). Results that
 * depend on the text alone can be keyed by it instead of hashing the text.
 */
export function documentIdentity(doc: YamlDoc): object | undefined {
  return doc instanceof ParsedYamlDoc ? doc.chunk : undefined;
}

/** The same document as if it were alone in a file of its own (index 0, offsets from 0). */
export function standaloneDoc(doc: YamlDoc): YamlDoc {
  if (doc instanceof ParsedYamlDoc) return new ParsedYamlDoc(doc.chunk, 0, 0, doc.text.length, doc.chartTemplate);
  return new ParsedYamlDoc(parseChunk(doc.text), 0, 0, doc.text.length, doc.templated);
}

/**
 * A file of one document read from `text` as a whole (not split), as standaloneDoc places a
 * document: what a quick fix computed later from a document's text alone reads.
 */
export function standaloneFile(uri: string, text: string): { file: YamlFile; doc: YamlDoc } {
  const doc = new ParsedYamlDoc(new ParsedChunk(text), 0, 0, text.length);
  return { file: { uri, text, lines: new LineIndex(text), docs: [doc], templated: doc.templated }, doc };
}

/** A file in a `templates/` folder (a Helm chart's templates, partials included). */
export function isChartTemplatePath(uri: string): boolean {
  return /(?:^|[\\/])templates[\\/]/.test(uri);
}

/**
 * Where an edit may have changed a text: its first `prefix` and last `suffix` characters are those
 * of the previous text (the language server knows it from the editor's change ranges). Not
 * necessarily the longest such stretches: a parse told less re-reads at most a document more.
 */
export interface EditedStretch {
  prefix: number;
  suffix: number;
}

/**
 * Parses a file into documents. `previous` (the same file before an edit) lets unchanged
 * documents be reused without parsing them again; `edited`, where the edit fell in the previous
 * text, saves comparing the two texts to find it.
 */
export function parseYamlFile(uri: string, text: string, previous?: YamlFile, edited?: EditedStretch): YamlFile {
  return drain(parseYamlFileSteps(uri, text, previous, edited));
}

/** Documents read between two yields of parseYamlFileSteps when each is quick (a file of thousands). */
const DOCUMENTS_PER_STEP = 16;
/** Documents between two yields when each is the same text as the one before it (a file of a million `---` lines). */
const REPEATS_PER_STEP = 16384;

/**
 * parseYamlFile in steps (steps.ts): a few documents per step, a large document's full parse a
 * slice of tokens at a time. An edit of a parsed file (`previous`) is read in one step: it re-reads
 * only the documents around the edit.
 */
export function* parseYamlFileSteps(uri: string, text: string, previous?: YamlFile, stretch?: EditedStretch): Steps<YamlFile> {
  if (previous && previous.uri === uri && !previous.tooLarge && previous.docs.length > 0 && text.length <= MAX_FILE_CHARS) {
    const edited = parseEdit(previous, text, stretch);
    if (edited) return edited;
  }
  // The yaml lexer skips a leading BOM itself, so offsets stay those of the editor's text.
  const lines = new LineIndex(text);
  if (text.length > MAX_FILE_CHARS) return { uri, text, lines, docs: [], templated: false, tooLarge: true };
  const docs: YamlDoc[] = [];
  let templated = false;
  let reusable: Map<string, ParsedChunk> | undefined;
  if (previous && previous.docs.length > 0) {
    reusable = new Map();
    for (const d of previous.docs) if (d instanceof ParsedYamlDoc) reusable.set(d.text, d.chunk);
  }
  const starts = yield* documentStartsSteps(text);
  const shareable = starts.length <= SHARED_CACHE_MAX_DOCUMENTS;
  const chartTemplate = isChartTemplatePath(uri) && text.includes('{{');
  // A file of many documents past the shared cache still reads equal texts once (a million `---` lines).
  const local = shareable ? undefined : new Map<string, ParsedChunk>();
  let last: ParsedChunk | undefined;
  let read = 0;
  let repeated = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    let chunk: ParsedChunk | undefined;
    // The same text as the document before (a run of `---` lines): its read, without a copy of the text.
    if (last && last.text.length === end - start && text.startsWith(last.text, start)) {
      chunk = last;
      if (++repeated % REPEATS_PER_STEP === 0) yield;
    } else {
      const part = text.slice(start, end);
      chunk = local?.get(part);
      if (!chunk) {
        chunk = yield* parseChunkSteps(part, reusable, shareable);
        local?.set(part, chunk);
      }
      if (++read % DOCUMENTS_PER_STEP === 0) yield;
    }
    last = chunk;
    const doc = new ParsedYamlDoc(chunk, docs.length, start, end, chartTemplate);
    if (doc.templated) templated = true;
    docs.push(doc);
  }
  return { uri, text, lines, docs, templated };
}

/**
 * The document of the previous parse of its file that `doc` is, moved by an edit above it (its
 * text unchanged); undefined for a document read anew or kept in place.
 */
export function documentBeforeEdit(doc: YamlDoc): YamlDoc | undefined {
  return doc instanceof ParsedYamlDoc ? doc.before : undefined;
}

/** Compared a block at a time (string equality is a native comparison), then character by character. */
const COMPARE_BLOCK = 4096;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + COMPARE_BLOCK <= n && a.slice(i, i + COMPARE_BLOCK) === b.slice(i, i + COMPARE_BLOCK)) i += COMPARE_BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let k = 0;
  const la = a.length;
  const lb = b.length;
  while (k + COMPARE_BLOCK <= limit && a.slice(la - k - COMPARE_BLOCK, la - k) === b.slice(lb - k - COMPARE_BLOCK, lb - k)) k += COMPARE_BLOCK;
  while (k < limit && a.charCodeAt(la - 1 - k) === b.charCodeAt(lb - 1 - k)) k++;
  return k;
}

/** The document of `docs` (sorted by start) that holds `offset` (the last one for the end of the text). */
function docAt(docs: readonly YamlDoc[], offset: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A new text of a parsed file, read from the previous parse: the documents before the edited
 * stretch are kept as they are, those after it are kept with shifted offsets, and only the
 * documents around the edit are split and read again. The result is the one parseYamlFile would
 * give from scratch (document boundaries are a function of the lines around them, and the stretch
 * re-split starts and ends one document away from the edit). Undefined when it does not apply.
 */
function parseEdit(previous: YamlFile, text: string, stretch?: EditedStretch): YamlFile | undefined {
  const old = previous.text;
  const chartTemplate = isChartTemplatePath(previous.uri) && text.includes('{{');
  // Every document of a parse is a ParsedYamlDoc with the file's chartTemplate flag.
  const head = previous.docs[0];
  if (!(head instanceof ParsedYamlDoc) || head.chartTemplate !== chartTemplate) return undefined;
  const limit = Math.min(old.length, text.length);
  // Told where the edit fell: no comparison of the texts (two passes over 6 MB on a large file).
  const told = stretch !== undefined && stretch.prefix >= 0 && stretch.suffix >= 0 && stretch.prefix + stretch.suffix <= limit;
  const prefix = told ? stretch.prefix : commonPrefix(old, text);
  if (prefix === old.length && prefix === text.length) {
    previous.edit = undefined;
    return { uri: previous.uri, text, lines: previous.lines, docs: previous.docs.slice(), templated: previous.templated, edit: { previous, first: previous.docs.length, removed: 0, added: 0, lineDelta: 0 } };
  }
  const suffix = told ? stretch.suffix : commonSuffix(old, text, limit - prefix);
  const delta = text.length - old.length;
  const docs = previous.docs as ParsedYamlDoc[];
  // Re-split from one document before the edit to one document after it.
  const first = Math.max(0, docAt(docs, prefix) - 1);
  const lastEdited = docAt(docs, Math.max(prefix, old.length - suffix));
  const after = Math.min(docs.length, lastEdited + 2);
  const windowStart = docs[first].start;
  const windowEnd = after < docs.length ? docs[after].start + delta : text.length;
  if (windowEnd < windowStart) return undefined;
  const lines = previous.lines.edited(text, prefix, suffix);
  const reusable = new Map<string, ParsedChunk>();
  for (let i = first; i < after; i++) reusable.set(docs[i].text, docs[i].chunk);
  const parts = splitDocuments(text.slice(windowStart, windowEnd));
  // The window ends where a kept document starts: a part starting there (after a `...` line, or
  // an empty window) is that document.
  const windowLength = windowEnd - windowStart;
  if (after < docs.length && parts.length > 0 && parts[parts.length - 1].start === windowLength) parts.pop();
  const count = first + parts.length + (docs.length - after);
  const shareable = count <= SHARED_CACHE_MAX_DOCUMENTS;
  const out: YamlDoc[] = docs.slice(0, first);
  for (const { start, end } of parts) {
    const chunk = parseChunk(text.slice(windowStart + start, windowStart + end), reusable, shareable);
    out.push(new ParsedYamlDoc(chunk, out.length, windowStart + start, windowStart + end, chartTemplate));
  }
  for (let i = after; i < docs.length; i++) {
    const d = docs[i];
    if (delta === 0 && d.index === out.length) {
      out.push(d);
      continue;
    }
    const moved = d.moved(out.length, delta);
    moved.before = d;
    // Only the last step is needed (the index holds the previous parse): no chain of old parses.
    d.before = undefined;
    out.push(moved);
  }
  let templated = false;
  for (const d of out) if (d.templated) templated = true;
  previous.edit = undefined;
  return { uri: previous.uri, text, lines, docs: out, templated, edit: { previous, first, removed: after - first, added: parts.length, lineDelta: lines.lineCount - previous.lines.lineCount } };
}

// ---------------------------------------------------------------------------
// Navigating parsed documents

/** The pair in `map` whose key is the scalar `key`; of duplicate keys the last, whose value is the one read. */
export function findPair(map: unknown, key: string | number): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  const items = (map as YAMLMap<Node, Node | null>).items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(key)) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The value node at `path` (keys for maps, indexes for sequences), or undefined. */
export function nodeAtPath(doc: Document.Parsed, path: readonly PathSegment[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = findPair(node, seg);
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

/** The key node of the last segment of `path` (for map paths), or undefined. */
export function keyNodeAtPath(doc: Document.Parsed, path: readonly PathSegment[]): Node | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAtPath(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent)) return findPair(parent, last)?.key ?? undefined;
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    return (item ?? undefined) as Node | undefined;
  }
  return undefined;
}

/** Absolute [start, end) offsets of a node of `ydoc` in the file. */
export function nodeOffsets(ydoc: YamlDoc, node: Node | null | undefined): [number, number] | undefined {
  if (!node || !node.range) return undefined;
  return [ydoc.start + node.range[0], ydoc.start + node.range[1]];
}

export function nodeRange(file: YamlFile, ydoc: YamlDoc, node: Node | null | undefined): Range | undefined {
  const o = nodeOffsets(ydoc, node);
  return o ? file.lines.range(o[0], o[1]) : undefined;
}

/** An exact range from the outline's answer, or from the full parse where the outline cannot give one. */
function exactRange(file: YamlFile, ydoc: YamlDoc, fast: Lookup | undefined, fromParse: () => Node | undefined): Range | undefined {
  if (fast === null) return undefined;
  if (fast && fast.end !== undefined) return file.lines.range(ydoc.start + fast.start, ydoc.start + fast.end);
  return nodeRange(file, ydoc, fromParse());
}

/** The exact range of the value at `path` (for edits that replace it), or undefined if absent. */
export function valueRange(file: YamlFile, ydoc: YamlDoc, path: readonly PathSegment[]): Range | undefined {
  return exactRange(file, ydoc, ydoc.outline?.value(path), () => nodeAtPath(ydoc.doc, path));
}

/** The exact range of the key at the end of `path` (a map key; a sequence item stands for itself). */
export function keyRange(file: YamlFile, ydoc: YamlDoc, path: readonly PathSegment[]): Range | undefined {
  return exactRange(file, ydoc, ydoc.outline?.key(path), () => keyNodeAtPath(ydoc.doc, path));
}

/** The source text of the one-line scalar at `path` (as written: `0755`, `yes`), or undefined. */
export function scalarSource(ydoc: YamlDoc, path: readonly PathSegment[]): string | undefined {
  const fast = ydoc.outline?.value(path);
  if (fast === null) return undefined;
  if (fast && fast.end !== undefined && !/^["'[{|>]/.test(ydoc.text.charAt(fast.start))) return ydoc.text.slice(fast.start, fast.end);
  return (nodeAtPath(ydoc.doc, path) as { source?: string } | undefined)?.source;
}

/** Absolute offset of the first key of the block mapping at `path`, or undefined (not a block mapping). */
export function firstKeyOffset(ydoc: YamlDoc, path: readonly PathSegment[]): number | undefined {
  const fast = ydoc.outline?.firstKeyOfBlockMap(path);
  if (fast === null) return undefined;
  if (fast !== undefined) return ydoc.start + fast;
  const node = path.length === 0 ? (ydoc.doc.contents as Node | null) : nodeAtPath(ydoc.doc, path);
  if (!isMap(node) || (node as YAMLMap).flow) return undefined;
  const first = (node as YAMLMap<Node, unknown>).items[0]?.key as Node | undefined;
  return first?.range ? ydoc.start + first.range[0] : undefined;
}

/** A located node as a range, trimmed to its first line. */
function firstLineRange(file: YamlFile, ydoc: YamlDoc, at: Located): Range {
  const start = file.lines.positionAt(ydoc.start + at.start);
  if (at.end === undefined) return { start, end: file.lines.positionAt(file.lines.lineEnd(start.line)) };
  return firstLineOf(file, { start, end: file.lines.positionAt(ydoc.start + at.end) });
}

/**
 * The most precise range for something wrong at `path`: the key for a bad or unknown field
 * (`prefer: 'key'`), the value for a bad value. Where the path does not exist (a missing field),
 * the nearest existing ancestor's key; failing all, the document's first line.
 */
export function rangeForPath(file: YamlFile, ydoc: YamlDoc, path: readonly PathSegment[], prefer: 'key' | 'value' = 'value'): Range {
  const outline = ydoc.outline;
  const fast = outline ? rangeFromOutline(file, ydoc, outline, path, prefer) : undefined;
  return fast ?? rangeFromParse(file, ydoc, path, prefer);
}

/** rangeForPath answered from the outline; undefined as soon as the outline cannot tell. */
function rangeFromOutline(file: YamlFile, ydoc: YamlDoc, outline: Outline, path: readonly PathSegment[], prefer: 'key' | 'value'): Range | undefined {
  if (prefer === 'value') {
    const v = outline.value(path);
    if (v === undefined) return undefined;
    if (v) return firstLineRange(file, ydoc, v);
  }
  for (let n = path.length; n > 0; n--) {
    const k = outline.key(path.slice(0, n));
    if (k === undefined) return undefined;
    if (k) return firstLineRange(file, ydoc, k);
  }
  const root = outline.rootNode();
  if (root === undefined) return undefined;
  return headRange(file, ydoc, root ? ydoc.start + root.start : ydoc.start);
}

/** rangeForPath from the full parse (exported for the outline's equivalence tests). */
export function rangeFromParse(file: YamlFile, ydoc: YamlDoc, path: readonly PathSegment[], prefer: 'key' | 'value' = 'value'): Range {
  if (prefer === 'value') {
    const v = nodeAtPath(ydoc.doc, path);
    const r = v ? nodeRange(file, ydoc, v) : undefined;
    if (r) return firstLineOf(file, r);
  }
  for (let n = path.length; n > 0; n--) {
    const k = keyNodeAtPath(ydoc.doc, path.slice(0, n));
    const r = k ? nodeRange(file, ydoc, k) : undefined;
    if (r) return firstLineOf(file, r);
  }
  return documentHeadRange(file, ydoc);
}

/** A multi-line range trimmed to its first line (a collection's first line reads better than its whole span). */
export function firstLineOf(file: YamlFile, r: Range): Range {
  if (r.start.line === r.end.line) return r;
  const endOff = file.lines.lineEnd(r.start.line);
  return { start: r.start, end: file.lines.positionAt(endOff) };
}

function headRange(file: YamlFile, ydoc: YamlDoc, offset: number): Range {
  const pos = file.lines.positionAt(offset);
  return { start: pos, end: file.lines.positionAt(file.lines.lineEnd(pos.line)) };
}

/** The first content line of a document, for findings about the document as a whole. */
export function documentHeadRange(file: YamlFile, ydoc: YamlDoc): Range {
  const root = ydoc.outline?.rootNode();
  if (root !== undefined) return headRange(file, ydoc, root ? ydoc.start + root.start : ydoc.start);
  const contents = ydoc.doc.contents as Node | null;
  return headRange(file, ydoc, contents?.range ? ydoc.start + contents.range[0] : ydoc.start);
}

/** A file on disk too large to be read at all: reported as not validated, like a too-long text. */
export function tooLargeFile(uri: string, sizeBytes: number): YamlFile {
  return { uri, text: '', lines: new LineIndex(''), docs: [], templated: false, tooLarge: true, sizeBytes };
}
