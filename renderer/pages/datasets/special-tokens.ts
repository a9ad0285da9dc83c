export interface TextSegment {
  text: string;
  special: boolean;
}

/**
 * Tokens a chat template writes that the user never typed: `<|im_start|>`-style markers (ChatML,
 * Llama 3, Phi), `<s>`/`</s>` (Llama 2, Mistral), `[INST]`/`[/INST]`, `<<SYS>>`, Gemma's turn markers
 * and the usual `<bos>`/`<eos>`/`<pad>`/`<unk>`. Seeing them is the point of the template lint:
 * a missing EOS or a doubled BOS is visible at a glance.
 */
const SPECIAL = /<\|[^|<>\n]{1,64}\|>|<\/?s>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:bos|eos|pad|unk|start_of_turn|end_of_turn|think)>|\[(?:BOS|EOS|CLS|SEP|PAD|MASK|UNK)\]/g;

/** Splits rendered text into plain runs and special tokens, in order; joined back it is the input. */
export function splitSpecialTokens(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(SPECIAL)) {
    const at = m.index;
    if (at > last) out.push({ text: text.slice(last, at), special: false });
    out.push({ text: m[0], special: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), special: false });
  return out;
}
