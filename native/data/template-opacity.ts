/**
 * Decides, from a chat template's syntax tree (@huggingface/jinja's Template.parsed), whether its
 * output depends on message contents only by writing them out: every `message.content` (or
 * `messages[i]['content']`) is an operand of `+`/`~` concatenations (or a ternary branch) directly
 * inside `{{ }}`, never filtered (trim), tested (`is string`, `in`), called (.startswith), assigned
 * or captured by a macro / set-block, and messages are never exposed whole (tojson, items(), get()).
 * Then the output for a given role sequence is a fixed skeleton with the contents spliced in, which
 * is what PromptRenderer relies on. The check is conservative: anything it does not recognise makes
 * the template "not opaque", and such templates are rendered in full for every row.
 */

interface Node {
  type: string;
  [key: string]: unknown;
}

class NotOpaque extends Error {}

/** Message fields whose value can never reveal the content (our messages carry role and content only). */
const MESSAGE_FIELDS = new Set(['role', 'content', 'name', 'tool_calls', 'tool_call_id', 'reasoning_content', 'thinking']);
/** `loop` fields that are numbers or booleans (loop.previtem/nextitem/cycle would hand out messages). */
const LOOP_FIELDS = new Set(['index', 'index0', 'revindex', 'revindex0', 'first', 'last', 'length', 'depth', 'depth0']);
const STATEMENTS = new Set(['Program', 'If', 'For', 'Break', 'Continue', 'SetStatement', 'Macro', 'Comment', 'FilterStatement', 'CallStatement']);

type Scope = ReadonlySet<string>;

export function isContentOpaque(program: unknown): boolean {
  try {
    const root = program as Node;
    if (root.type !== 'Program') return false;
    statements(root.body, new Set(), true);
    return true;
  } catch (err) {
    if (err instanceof NotOpaque) return false;
    throw err;
  }
}

const nodes = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
const fail = (why: string): never => {
  throw new NotOpaque(why);
};

function statements(body: unknown, scope: Scope, output: boolean): void {
  for (const s of nodes(body)) statement(s, scope, output);
}

function statement(s: Node, scope: Scope, output: boolean): void {
  switch (s.type) {
    case 'Comment':
    case 'Break':
    case 'Continue':
      return;
    case 'If':
      expr(s.test as Node, scope, false);
      statements(s.body, scope, output);
      statements(s.alternate, scope, output);
      return;
    case 'For': {
      const loopvar = s.loopvar as Node;
      const bound = boundNames(loopvar);
      let inner = without(scope, bound);
      if (isMessageList(s.iterable as Node)) {
        if (loopvar.type !== 'Identifier') fail('unpacked message');
        sliceParts(s.iterable as Node, scope);
        inner = new Set([...inner, loopvar.value as string]);
      } else {
        expr(s.iterable as Node, scope, false);
      }
      statements(s.body, inner, output);
      statements(s.defaultBlock, scope, output);
      return;
    }
    case 'SetStatement': {
      const assignee = s.assignee as Node;
      for (const name of boundNames(assignee)) if (name === 'messages' || scope.has(name)) fail('rebinds messages');
      if (assignee.type === 'MemberExpression') expr(assignee, scope, false);
      if (s.value) expr(s.value as Node, scope, false);
      statements(s.body, scope, false); // {% set x %}...{% endset %} captures output that may be transformed later
      return;
    }
    case 'Macro': {
      const args = nodes(s.args);
      const names = args.flatMap((a) => (a.type === 'Identifier' ? [a.value as string] : a.type === 'KeywordArgumentExpression' ? [(a.key as Node).value as string] : []));
      for (const a of args) if (a.type === 'KeywordArgumentExpression') expr(a.value as Node, scope, false);
      statements(s.body, without(scope, names), false); // a macro's output can be filtered by its caller
      return;
    }
    default:
      if (STATEMENTS.has(s.type)) fail(s.type);
      expr(s, scope, output); // an expression in a body is {{ output }}
  }
}

function boundNames(target: Node): string[] {
  if (target.type === 'Identifier') return [target.value as string];
  if (target.type === 'TupleLiteral' || target.type === 'ArrayLiteral') return nodes(target.value).flatMap(boundNames);
  return [];
}

function without(scope: Scope, names: string[]): Scope {
  if (!names.some((n) => scope.has(n))) return scope;
  const next = new Set(scope);
  for (const n of names) next.delete(n);
  return next;
}

const isMessagesId = (e: Node): boolean => e.type === 'Identifier' && e.value === 'messages';

/** `messages` or `messages[a:b]`. */
function isMessageList(e: Node): boolean {
  return isMessagesId(e) || (e.type === 'MemberExpression' && isMessagesId(e.object as Node) && (e.property as Node).type === 'SliceExpression');
}

function sliceParts(e: Node, scope: Scope): void {
  if (e.type === 'MemberExpression') expr(e.property as Node, scope, false);
}

/** A loop variable over messages, or `messages[i]`. */
function isMessage(e: Node, scope: Scope): boolean {
  if (e.type === 'Identifier') return scope.has(e.value as string);
  return e.type === 'MemberExpression' && e.computed === true && isMessagesId(e.object as Node) && (e.property as Node).type !== 'SliceExpression';
}

function fieldName(e: Node): string | null {
  const p = e.property as Node;
  if (!e.computed && p.type === 'Identifier') return p.value as string;
  if (e.computed && p.type === 'StringLiteral') return p.value as string;
  return null;
}

function expr(e: Node, scope: Scope, output: boolean): void {
  switch (e.type) {
    case 'StringLiteral':
    case 'IntegerLiteral':
    case 'FloatLiteral':
      return;
    case 'Identifier':
      if (isMessagesId(e) || scope.has(e.value as string)) fail('message used whole');
      return;
    case 'MemberExpression': {
      const object = e.object as Node;
      if (isMessage(object, scope)) {
        if (object.type === 'MemberExpression') expr(object.property as Node, scope, false);
        const field = fieldName(e);
        if (field === null || !MESSAGE_FIELDS.has(field)) fail(`message field ${field ?? '(computed)'}`);
        if (field === 'content' && !output) fail('content used other than as output');
        return;
      }
      if (object.type === 'Identifier' && object.value === 'loop' && !LOOP_FIELDS.has(fieldName(e) ?? '')) fail('loop field');
      expr(object, scope, false);
      if (e.computed) expr(e.property as Node, scope, false);
      return;
    }
    case 'BinaryExpression': {
      const op = (e.operator as { value?: string }).value;
      const concat = output && (op === '+' || op === '~');
      expr(e.left as Node, scope, concat);
      expr(e.right as Node, scope, concat);
      return;
    }
    case 'Ternary':
      expr(e.condition as Node, scope, false);
      expr(e.trueExpr as Node, scope, output);
      expr(e.falseExpr as Node, scope, output);
      return;
    case 'FilterExpression': {
      const filter = e.filter as Node;
      if (isMessagesId(e.operand as Node) && filter.type === 'Identifier' && filter.value === 'length') return;
      expr(e.operand as Node, scope, false);
      if (filter.type === 'CallExpression') for (const a of nodes(filter.args)) expr(a, scope, false);
      return;
    }
    case 'TestExpression':
      expr(e.operand as Node, scope, false);
      return;
    case 'SelectExpression':
      expr(e.lhs as Node, scope, false);
      expr(e.test as Node, scope, false);
      return;
    case 'CallExpression':
      expr(e.callee as Node, scope, false);
      for (const a of nodes(e.args)) expr(a, scope, false);
      return;
    case 'UnaryExpression':
    case 'SpreadExpression':
    case 'KeywordSpreadExpression':
      expr(e.argument as Node, scope, false);
      return;
    case 'KeywordArgumentExpression':
      expr(e.value as Node, scope, false);
      return;
    case 'ArrayLiteral':
    case 'TupleLiteral':
      for (const v of nodes(e.value)) expr(v, scope, false);
      return;
    case 'ObjectLiteral':
      for (const [k, v] of e.value as Map<Node, Node>) {
        expr(k, scope, false);
        expr(v, scope, false);
      }
      return;
    case 'SliceExpression':
      for (const part of [e.start, e.stop, e.step]) if (part) expr(part as Node, scope, false);
      return;
    default:
      fail(e.type);
  }
}
