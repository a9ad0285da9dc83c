/**
 * The subset of Go's text/template that Ollama Modelfile templates use, so an exported TEMPLATE can be
 * rendered here and compared with the chat template the model was trained on. Supported: text and
 * actions with trim markers (`{{-`, `-}}`), comments, `.Field` chains, `$`, `$var`, `$x := ...`,
 * `$x = ...`, parenthesised pipelines with field access, `|` pipes, if / else if / else, range (with
 * one or two variables, else, break, continue), with, and the functions and, or, not, eq, ne, lt, le,
 * gt, ge, len, index, slice, print, and Ollama's json. Semantics follow Go's text/template: truth is
 * "non-zero", `and`/`or` short-circuit and return an operand, `len` of a string counts UTF-8 bytes,
 * and a missing map key prints "<no value>" (Ollama executes with missingkey=zero on map[string]any).
 * Anything else is a parse error, so a template we cannot judge is never passed as equal.
 */

export class GoTemplateError extends Error {}

type Value = unknown;

interface Token {
  kind: 'field' | 'var' | 'ident' | 'string' | 'number' | 'lparen' | 'rparen' | 'pipe' | 'declare' | 'assign' | 'comma' | 'dot';
  text: string;
  /** Whitespace came before this token (a field right after `)` with no space chains onto it). */
  spaced: boolean;
}

type Arg =
  | { kind: 'dot' }
  | { kind: 'field'; chain: string[] }
  | { kind: 'var'; name: string; chain: string[] }
  | { kind: 'literal'; value: Value }
  | { kind: 'ident'; name: string }
  | { kind: 'sub'; pipe: Pipe; chain: string[] };

interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Arg[][];
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipe }
  | BlockNode<'if'>
  | BlockNode<'with'>
  | BlockNode<'range'>
  | { kind: 'break' | 'continue' };

interface BlockNode<K extends string> {
  kind: K;
  pipe: Pipe;
  list: Node[];
  elseList: Node[] | null;
}

const SPACE = /[ \t\r\n]/;

/** Splits the source into text and action bodies, applying trim markers as Go's lexer does. */
function split(src: string): { text: string; action: string | null }[] {
  const out: { text: string; action: string | null }[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open === -1 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open === -1) {
      out.push({ text, action: null });
      break;
    }
    let start = open + 2;
    // "{{- " trims the text before; the dash must be followed by a space ("{{-3}}" is the number -3).
    if (src[start] === '-' && SPACE.test(src[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 2;
    }
    const close = findClose(src, start);
    let end = close;
    trimNext = false;
    if (src[close - 1] === '-' && SPACE.test(src[close - 2] ?? '')) {
      trimNext = true;
      end = close - 2;
    }
    out.push({ text, action: src.slice(start, end) });
    pos = close + 2;
  }
  return out;
}

/** The "}}" that closes an action starting at `from`, skipping quoted strings. */
function findClose(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === '`') {
      const q = c;
      i++;
      while (i < src.length && src[i] !== q) i += src[i] === '\\' && q === '"' ? 2 : 1;
      i++;
      continue;
    }
    if (src.startsWith('}}', i)) return i;
    i++;
  }
  throw new GoTemplateError('unclosed action');
}

function lex(action: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = true;
  while (i < action.length) {
    const c = action[i]!;
    if (SPACE.test(c)) {
      i++;
      spaced = true;
      continue;
    }
    const push = (kind: Token['kind'], text: string) => {
      tokens.push({ kind, text, spaced });
      spaced = false;
      i += text.length;
    };
    const rest = action.slice(i);
    let m: RegExpMatchArray | null;
    if (c === '(') push('lparen', c);
    else if (c === ')') push('rparen', c);
    else if (c === '|') push('pipe', c);
    else if (c === ',') push('comma', c);
    else if (rest.startsWith(':=')) push('declare', ':=');
    else if (c === '=') push('assign', '=');
    else if ((m = rest.match(/^"(?:[^"\\]|\\.)*"/))) push('string', m[0]);
    else if ((m = rest.match(/^`[^`]*`/))) push('string', m[0]);
    else if ((m = rest.match(/^(?:\.[A-Za-z_][A-Za-z0-9_]*)+/))) push('field', m[0]);
    else if ((m = rest.match(/^\$[A-Za-z0-9_]*/))) push('var', m[0]);
    else if ((m = rest.match(/^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)/))) push('number', m[0]);
    else if (c === '.') push('dot', c);
    else if ((m = rest.match(/^[A-Za-z_][A-Za-z0-9_]*/))) push('ident', m[0]);
    else throw new GoTemplateError(`unexpected "${c}" in action {{${action}}}`);
  }
  return tokens;
}

function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  // Go's interpreted string literals share JSON's common escapes; \x, \u and octal are rare in templates.
  return JSON.parse(text.replace(/\\'/g, "'").replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as string;
}

class PipeParser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly where: string,
  ) {}

  parse(allowDecl: boolean): Pipe {
    const pipe: Pipe = { decl: [], assign: false, cmds: [] };
    if (allowDecl) this.declarations(pipe);
    pipe.cmds = this.commands(false);
    if (this.i < this.tokens.length) throw this.fail(`unexpected "${this.tokens[this.i]!.text}"`);
    return pipe;
  }

  private declarations(pipe: Pipe): void {
    const t = this.tokens;
    const v1 = t[0];
    if (v1?.kind !== 'var') return;
    if (t[1]?.kind === 'declare' || t[1]?.kind === 'assign') {
      pipe.decl = [v1.text];
      pipe.assign = t[1].kind === 'assign';
      this.i = 2;
    } else if (t[1]?.kind === 'comma' && t[2]?.kind === 'var' && (t[3]?.kind === 'declare' || t[3]?.kind === 'assign')) {
      pipe.decl = [v1.text, t[2].text];
      pipe.assign = t[3].kind === 'assign';
      this.i = 4;
    }
  }

  private commands(inParen: boolean): Arg[][] {
    const cmds: Arg[][] = [];
    let cmd: Arg[] = [];
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i]!;
      if (tok.kind === 'rparen') {
        if (!inParen) throw this.fail('unexpected ")"');
        break;
      }
      if (tok.kind === 'pipe') {
        if (cmd.length === 0) throw this.fail('missing command before "|"');
        cmds.push(cmd);
        cmd = [];
        this.i++;
        continue;
      }
      cmd.push(this.operand());
    }
    if (cmd.length === 0) throw this.fail('missing value');
    cmds.push(cmd);
    return cmds;
  }

  private chain(): string[] {
    const next = this.tokens[this.i];
    if (next?.kind === 'field' && !next.spaced) {
      this.i++;
      return next.text.slice(1).split('.');
    }
    return [];
  }

  private operand(): Arg {
    const tok = this.tokens[this.i++]!;
    switch (tok.kind) {
      case 'dot':
        return { kind: 'dot' };
      case 'field':
        return { kind: 'field', chain: tok.text.slice(1).split('.') };
      case 'var': {
        const [name, ...chain] = tok.text.split('.');
        return { kind: 'var', name: name!, chain: [...chain, ...this.chain()] };
      }
      case 'string':
        return { kind: 'literal', value: unquote(tok.text) };
      case 'number':
        return { kind: 'literal', value: Number(tok.text) };
      case 'lparen': {
        const cmds = this.commands(true);
        if (this.tokens[this.i]?.kind !== 'rparen') throw this.fail('unclosed "("');
        this.i++;
        return { kind: 'sub', pipe: { decl: [], assign: false, cmds }, chain: this.chain() };
      }
      case 'ident':
        if (tok.text === 'true' || tok.text === 'false') return { kind: 'literal', value: tok.text === 'true' };
        if (tok.text === 'nil') return { kind: 'literal', value: null };
        if (!(tok.text in FUNCS)) throw this.fail(`function "${tok.text}" not defined`);
        return { kind: 'ident', name: tok.text };
      default:
        throw this.fail(`unexpected "${tok.text}"`);
    }
  }

  private fail(message: string): GoTemplateError {
    return new GoTemplateError(`${message} in {{${this.where}}}`);
  }
}

/** Parses the token stream of actions into a tree; `end`, `else` close the innermost block. */
function parseNodes(parts: { text: string; action: string | null }[]): Node[] {
  let i = 0;
  const list = (inside: string | null, stop: Set<string>): { nodes: Node[]; closer: string; closerRest: string } => {
    const nodes: Node[] = [];
    while (i < parts.length) {
      const part = parts[i++]!;
      if (part.text) nodes.push({ kind: 'text', text: part.text });
      if (part.action === null) break;
      const action = part.action.trim();
      if (action.startsWith('/*')) {
        if (!action.endsWith('*/')) throw new GoTemplateError(`unclosed comment {{${part.action}}}`);
        continue;
      }
      const [keyword = '', ...restWords] = action.split(/\s+/);
      const rest = action.slice(keyword.length).trim();
      if (keyword === 'end' || keyword === 'else') {
        if (!stop.has(keyword)) throw new GoTemplateError(`unexpected {{${action}}}`);
        return { nodes, closer: keyword, closerRest: rest };
      }
      if (keyword === 'if' || keyword === 'with' || keyword === 'range') nodes.push(block(keyword, rest));
      else if (keyword === 'break' || keyword === 'continue') {
        if (restWords.length) throw new GoTemplateError(`unexpected {{${action}}}`);
        nodes.push({ kind: keyword });
      } else if (['define', 'template', 'block'].includes(keyword)) throw new GoTemplateError(`{{${keyword}}} is not supported`);
      else nodes.push({ kind: 'action', pipe: new PipeParser(lex(action), action).parse(true) });
    }
    if (inside !== null) throw new GoTemplateError(`unexpected EOF: {{${inside}}} has no {{end}}`);
    return { nodes, closer: '', closerRest: '' };
  };
  const block = (keyword: 'if' | 'with' | 'range', source: string): Node => {
    const pipe = new PipeParser(lex(source), `${keyword} ${source}`).parse(true);
    const body = list(`${keyword} ${source}`, new Set(['end', 'else']));
    let elseList: Node[] | null = null;
    if (body.closer === 'else') {
      const chained = /^(if|with)\s+([\s\S]*)$/.exec(body.closerRest);
      if (chained) {
        // "else if X" is "else" + a nested if that shares the outer "end".
        elseList = [block(chained[1] as 'if' | 'with', chained[2]!)];
      } else {
        if (body.closerRest) throw new GoTemplateError(`unexpected {{else ${body.closerRest}}}`);
        const tail = list(`${keyword} ${source}`, new Set(['end']));
        elseList = tail.nodes;
      }
    }
    return { kind: keyword, pipe, list: body.nodes, elseList } as Node;
  };
  return list(null, new Set()).nodes;
}

// ---- execution ----

const NO_VALUE = Symbol('no value');

function isTrue(v: Value): boolean {
  if (v === null || v === undefined || v === NO_VALUE) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true; // a struct (Ollama's api.Message) is always true
}

function basic(v: Value, fn: string): string | number | boolean | null {
  if (v === undefined || v === NO_VALUE) return null;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new GoTemplateError(`${fn}: incomparable value`);
}

function compare(fn: string, a: Value, b: Value): number {
  const x = basic(a, fn);
  const y = basic(b, fn);
  if (typeof x !== typeof y || x === null || typeof x === 'boolean') throw new GoTemplateError(`${fn}: incompatible types for comparison`);
  return x < y! ? -1 : x > y! ? 1 : 0;
}

function goString(v: Value): string {
  if (v === undefined || v === NO_VALUE || v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  return `{${Object.values(v as object).map(goString).join(' ')}}`;
}

/** Go's json.Marshal escapes <, > and & (HTML-safe) and the JS line separators. */
function goJson(v: Value): string {
  return (JSON.stringify(v === NO_VALUE || v === undefined ? null : v) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Lazy = () => Value;

const FUNCS: Record<string, (args: Lazy[]) => Value> = {
  and: (args) => {
    let v: Value = undefined;
    for (const a of args) if (!isTrue((v = a()))) return v;
    return v;
  },
  or: (args) => {
    let v: Value = undefined;
    for (const a of args) if (isTrue((v = a()))) return v;
    return v;
  },
  not: ([a]) => !isTrue(a!()),
  eq: ([a, ...rest]) => {
    const x = basic(a!(), 'eq');
    return rest.some((b) => {
      const y = basic(b(), 'eq');
      if (x !== null && y !== null && typeof x !== typeof y) throw new GoTemplateError('eq: incompatible types for comparison');
      return x === y;
    });
  },
  ne: ([a, b]) => basic(a!(), 'ne') !== basic(b!(), 'ne'),
  lt: ([a, b]) => compare('lt', a!(), b!()) < 0,
  le: ([a, b]) => compare('le', a!(), b!()) <= 0,
  gt: ([a, b]) => compare('gt', a!(), b!()) > 0,
  ge: ([a, b]) => compare('ge', a!(), b!()) >= 0,
  len: ([a]) => {
    const v = a!();
    if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
    if (Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    throw new GoTemplateError(`len of ${goString(v)}`);
  },
  index: ([a, ...keys]) => {
    let v = a!();
    for (const k of keys) {
      const key = k();
      if (Array.isArray(v)) {
        if (typeof key !== 'number' || key < 0 || key >= v.length) throw new GoTemplateError(`index out of range: ${String(key)}`);
        v = v[key];
      } else if (v && typeof v === 'object') v = (v as Record<string, Value>)[String(key)];
      else throw new GoTemplateError(`can't index item of type ${typeof v}`);
    }
    return v;
  },
  slice: ([a, ...bounds]) => {
    const v = a!();
    const [from = 0, to] = bounds.map((b) => b()) as number[];
    if (Array.isArray(v)) {
      const end = to ?? v.length;
      if (from < 0 || end > v.length || from > end) throw new GoTemplateError(`slice index out of range`);
      return v.slice(from, end);
    }
    if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'utf8');
      return bytes.subarray(from, to ?? bytes.length).toString('utf8');
    }
    throw new GoTemplateError('can\'t slice item');
  },
  print: (args) => {
    // fmt.Sprint: a space between operands when neither side is a string.
    const vals = args.map((a) => a());
    return vals.map((v, i) => (i > 0 && typeof v !== 'string' && typeof vals[i - 1] !== 'string' ? ' ' : '') + goString(v)).join('');
  },
  json: ([a]) => goJson(a!()),
};

interface Scope {
  vars: { name: string; value: Value }[];
}

class Halt {
  constructor(readonly kind: 'break' | 'continue') {}
}

class Executor {
  private out = '';
  constructor(private readonly root: Value) {}

  run(nodes: Node[]): string {
    this.list(nodes, this.root, { vars: [{ name: '$', value: this.root }] });
    return this.out;
  }

  private list(nodes: Node[], dot: Value, scope: Scope): void {
    const mark = scope.vars.length;
    try {
      for (const n of nodes) this.node(n, dot, scope);
    } finally {
      scope.vars.length = mark;
    }
  }

  private node(n: Node, dot: Value, scope: Scope): void {
    switch (n.kind) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.pipe(n.pipe, dot, scope);
        if (n.pipe.decl.length === 0) this.out += goString(v);
        return;
      }
      case 'break':
      case 'continue':
        throw new Halt(n.kind);
      case 'if': {
        const v = this.pipe(n.pipe, dot, scope);
        if (isTrue(v)) this.list(n.list, dot, scope);
        else if (n.elseList) this.list(n.elseList, dot, scope);
        return;
      }
      case 'with': {
        const v = this.pipe(n.pipe, dot, scope);
        if (isTrue(v)) this.list(n.list, v, scope);
        else if (n.elseList) this.list(n.elseList, dot, scope);
        return;
      }
      case 'range':
        this.range(n, dot, scope);
    }
  }

  private range(n: BlockNode<'range'>, dot: Value, scope: Scope): void {
    const value = this.pipe({ ...n.pipe, decl: [] }, dot, scope);
    let entries: [Value, Value][];
    if (Array.isArray(value)) entries = value.map((v, i) => [i, v]);
    else if (value === null || value === undefined || value === NO_VALUE) entries = [];
    else if (typeof value === 'object') entries = Object.keys(value).sort().map((k) => [k, (value as Record<string, Value>)[k]]);
    else throw new GoTemplateError(`range can't iterate over ${goString(value)}`);
    if (entries.length === 0) {
      if (n.elseList) this.list(n.elseList, dot, scope);
      return;
    }
    for (const [key, elem] of entries) {
      const mark = scope.vars.length;
      if (n.pipe.decl.length === 1) scope.vars.push({ name: n.pipe.decl[0]!, value: elem });
      if (n.pipe.decl.length === 2) scope.vars.push({ name: n.pipe.decl[0]!, value: key }, { name: n.pipe.decl[1]!, value: elem });
      try {
        this.list(n.list, elem, scope);
      } catch (err) {
        if (!(err instanceof Halt)) throw err;
        if (err.kind === 'break') break;
      } finally {
        scope.vars.length = mark;
      }
    }
  }

  private pipe(p: Pipe, dot: Value, scope: Scope): Value {
    let v: Value = NO_VALUE;
    p.cmds.forEach((cmd, i) => {
      const prev = v;
      v = this.command(cmd, dot, scope, i > 0 ? [() => prev] : []);
    });
    if (p.decl.length > 0) {
      const name = p.decl[0]!;
      if (p.assign) {
        const slot = [...scope.vars].reverse().find((s) => s.name === name);
        if (!slot) throw new GoTemplateError(`undefined variable: ${name}`);
        slot.value = v;
      } else scope.vars.push({ name, value: v });
    }
    return v;
  }

  private command(cmd: Arg[], dot: Value, scope: Scope, piped: Lazy[]): Value {
    const [head, ...rest] = cmd;
    if (head!.kind === 'ident') {
      const args: Lazy[] = [...rest.map((a) => () => this.arg(a, dot, scope)), ...piped];
      return FUNCS[head!.name]!(args);
    }
    if (rest.length > 0 || piped.length > 0) throw new GoTemplateError('can\'t give argument to non-function');
    return this.arg(head!, dot, scope);
  }

  private arg(a: Arg, dot: Value, scope: Scope): Value {
    switch (a.kind) {
      case 'dot':
        return dot;
      case 'literal':
        return a.value;
      case 'field':
        return fields(dot, a.chain);
      case 'var': {
        const slot = [...scope.vars].reverse().find((s) => s.name === a.name);
        if (!slot) throw new GoTemplateError(`undefined variable: ${a.name}`);
        return fields(slot.value, a.chain);
      }
      case 'sub':
        return fields(this.pipe(a.pipe, dot, scope), a.chain);
      case 'ident':
        return FUNCS[a.name]!([]);
    }
  }
}

function fields(v: Value, chain: string[]): Value {
  let cur = v;
  for (const f of chain) {
    if (cur === null || cur === undefined || cur === NO_VALUE) throw new GoTemplateError(`nil pointer evaluating .${f}`);
    if (typeof cur !== 'object') throw new GoTemplateError(`can't evaluate field ${f} in type ${typeof cur}`);
    cur = f in (cur as object) ? (cur as Record<string, Value>)[f] : NO_VALUE;
  }
  return cur;
}

/** Field and variable names, as Ollama's template.Identifiers collects them (fields chained onto "(...)" excluded). */
function identifiers(nodes: Node[]): Set<string> {
  const names = new Set<string>();
  const pipe = (p: Pipe) => {
    for (const d of p.decl) names.add(d.toLowerCase());
    for (const cmd of p.cmds) for (const a of cmd) arg(a);
  };
  const arg = (a: Arg) => {
    if (a.kind === 'field') a.chain.forEach((f) => names.add(f.toLowerCase()));
    if (a.kind === 'var') [a.name, ...a.chain].forEach((f) => names.add(f.toLowerCase()));
    if (a.kind === 'sub') pipe(a.pipe);
  };
  const walk = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'action') pipe(n.pipe);
      if (n.kind === 'if' || n.kind === 'with' || n.kind === 'range') {
        pipe(n.pipe);
        walk(n.list);
        if (n.elseList) walk(n.elseList);
      }
    }
  };
  walk(nodes);
  return names;
}

export class GoTemplate {
  private readonly nodes: Node[];
  /** Lower-cased identifiers the template mentions (Ollama's Vars(): "messages" selects the chat path). */
  readonly vars: ReadonlySet<string>;

  constructor(readonly source: string) {
    this.nodes = parseNodes(split(source));
    this.vars = identifiers(this.nodes);
  }

  execute(data: Value): string {
    return new Executor(data).run(this.nodes);
  }
}
