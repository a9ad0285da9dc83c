import { Template } from '@huggingface/jinja';
import type { ChatMessage } from '../models/chat-template.js';
import type { ModelTokenizer } from '../models/tokenizer.js';
import { promptText } from '../engine/sft-examples.js';
import { isContentOpaque } from './template-opacity.js';

/** Renders checked against promptText: the first uses of each role sequence, then one in this many. */
const CHECK_FIRST = 4;
const CHECK_EVERY = 1024;
/** Role sequences remembered; more distinct ones than this are rendered in full. */
const MAX_SIGNATURES = 4096;
const SENTINEL = /\uE000(\d+)\uE001/g;

interface Skeleton {
  /** Text between the slots: texts.length === slots.length + 1. */
  texts: string[];
  /** Which message's content goes in each slot. */
  slots: number[];
  uses: number;
}

/**
 * promptText(tok, messages), exactly, without running the Jinja interpreter for every row (~100 µs
 * each with @huggingface/jinja). When the chat template writes contents out untouched (see
 * template-opacity.ts), its output for one role sequence is a fixed skeleton: it is rendered once
 * with placeholder contents and the real contents are spliced in. Renders are still compared with
 * promptText for the first rows of each role sequence and a sample after; a difference sends that
 * sequence back to full rendering. Templates that inspect contents are always rendered in full.
 */
export class PromptRenderer {
  private readonly skeletons = new Map<string, Skeleton | null>();
  private readonly opaque: boolean;
  private calls = 0;
  /** Renders whose skeleton disagreed with the full render (0 unless the opacity check is wrong). */
  mismatches = 0;

  constructor(private readonly tok: ModelTokenizer) {
    const source = tok.chatTemplate;
    let opaque = false;
    if (source !== null) {
      try {
        opaque = isContentOpaque(new Template(source).parsed);
      } catch {
        opaque = false; // a template that does not parse fails in promptText with its own message
      }
    }
    this.opaque = opaque;
  }

  /** Whether role sequences are rendered from skeletons (false: every row through the interpreter). */
  get usesSkeletons(): boolean {
    return this.opaque;
  }

  text(messages: readonly ChatMessage[]): string {
    if (!this.opaque) return promptText(this.tok, messages);
    let signature = '';
    for (const m of messages) signature += m.role + '\u0000';
    let skeleton = this.skeletons.get(signature);
    if (skeleton === undefined) {
      skeleton = this.skeletons.size < MAX_SIGNATURES ? this.build(messages) : null;
      if (skeleton !== null || this.skeletons.size < MAX_SIGNATURES) this.skeletons.set(signature, skeleton);
    }
    if (skeleton === null) return promptText(this.tok, messages);
    let out = skeleton.texts[0]!;
    for (let i = 0; i < skeleton.slots.length; i++) out += messages[skeleton.slots[i]!]!.content + skeleton.texts[i + 1]!;
    const k = this.calls++;
    if (skeleton.uses++ < CHECK_FIRST || k % CHECK_EVERY === 0) {
      const full = promptText(this.tok, messages);
      if (full !== out) {
        this.mismatches++;
        this.skeletons.set(signature, null);
        return full;
      }
    }
    return out;
  }

  /** The skeleton of one role sequence, or null when the template refuses it or the placeholders do not come back cleanly. */
  private build(messages: readonly ChatMessage[]): Skeleton | null {
    let rendered: string;
    try {
      rendered = promptText(this.tok, messages.map((m, i) => ({ role: m.role, content: `\uE000${i}\uE001` })));
    } catch {
      return null; // e.g. raise_exception on this role order: full rendering raises it for each row, as before
    }
    const texts: string[] = [];
    const slots: number[] = [];
    let last = 0;
    for (const match of rendered.matchAll(SENTINEL)) {
      texts.push(rendered.slice(last, match.index));
      slots.push(Number(match[1]));
      last = match.index + match[0].length;
    }
    texts.push(rendered.slice(last));
    if (texts.some((t) => t.includes('\uE000') || t.includes('\uE001')) || slots.some((s) => s >= messages.length)) return null;
    return { texts, slots, uses: 0 };
  }
}
