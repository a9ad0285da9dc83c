import type { ModelTokenizer } from '../models/tokenizer.js';
import { PromptRenderer } from './prompt-renderer.js';
import type { Sample } from './samples.js';
import { TokenCounter } from './token-counter.js';

export interface LengthTotals {
  lengths: Int32Array;
  count: number;
  truncated: number;
  emptyAfterTruncation: number;
}

/** Room for `more` lengths after the ones held, doubling as it grows. */
function reserve(t: LengthTotals, more: number): void {
  if (t.count + more <= t.lengths.length) return;
  const grown = new Int32Array(Math.max(t.lengths.length * 2, t.count + more));
  grown.set(t.lengths.subarray(0, t.count));
  t.lengths = grown;
}

const emptyTotals = (capacity: number): LengthTotals => ({ lengths: new Int32Array(Math.max(1, capacity)), count: 0, truncated: 0, emptyAfterTruncation: 0 });

/**
 * Token lengths of samples the way training counts them (sft-examples.ts toTrainExample): the prompt
 * through the chat template via promptIds (a template writes BOS itself; the Alpaca fallback encodes
 * with special tokens), then the reply without special tokens plus EOS when its id is known; plain
 * text with special tokens. PromptRenderer gives promptText's string and TokenCounter encode()'s
 * length, both exactly (test/native/data/token-count-parity.test.ts). Lengths are kept in an
 * Int32Array (4 bytes a row) for the percentiles.
 */
export class TokenLengths {
  private readonly counter: TokenCounter;
  private readonly renderer: PromptRenderer;
  private readonly eos: number;
  private readonly promptSpecial: boolean;
  private readonly totals: LengthTotals = emptyTotals(1 << 16);

  constructor(
    tok: ModelTokenizer,
    private readonly maxLength: number,
  ) {
    this.counter = new TokenCounter(tok);
    this.renderer = new PromptRenderer(tok);
    this.eos = tok.special.eos?.id === undefined || tok.special.eos.id === null ? 0 : 1;
    this.promptSpecial = !tok.chatTemplate;
  }

  /** Prompt and completion token counts of one sample. */
  count(sample: Sample): { prompt: number; completion: number } {
    if (sample.kind !== 'conversation') return { prompt: 0, completion: this.counter.count(sample.text, true) };
    const last = lastAssistant(sample.messages);
    const prompt = this.counter.count(this.renderer.text(sample.messages.slice(0, last)), this.promptSpecial);
    return { prompt, completion: this.counter.count(sample.messages[last]!.content, false) + this.eos };
  }

  /** Counts one sample into the totals and returns its counts. */
  add(sample: Sample): { prompt: number; completion: number } {
    return this.record(this.totals, sample);
  }

  /** Counts samples into totals of their own (a counting thread's batch), with this instance's caches. */
  countAll(samples: readonly Sample[]): LengthTotals {
    const totals = emptyTotals(samples.length);
    for (const s of samples) this.record(totals, s);
    return totals;
  }

  /** Adds totals counted elsewhere (another thread) to this instance's. */
  absorb(part: LengthTotals): void {
    const t = this.totals;
    reserve(t, part.count);
    t.lengths.set(part.lengths.subarray(0, part.count), t.count);
    t.count += part.count;
    t.truncated += part.truncated;
    t.emptyAfterTruncation += part.emptyAfterTruncation;
  }

  private record(t: LengthTotals, sample: Sample): { prompt: number; completion: number } {
    const c = this.count(sample);
    const total = c.prompt + c.completion;
    reserve(t, 1);
    t.lengths[t.count++] = total;
    if (total > this.maxLength) {
      t.truncated++;
      if (sample.kind === 'conversation' && c.prompt >= this.maxLength) t.emptyAfterTruncation++;
    }
    return c;
  }

  get result(): LengthTotals {
    return this.totals;
  }
}

function lastAssistant(messages: readonly { role: string }[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'assistant') return i;
  return -1;
}
