import { describe, expect, it } from 'vitest';
import type { SamplingParams } from '../../../../electron/contract/playground.js';
import { firstDifference, splitAtDifference, words } from '../../../../renderer/pages/playground/answer-diff';
import { ollamaCurlCommand, ollamaNameFor, ollamaRunCommand, shellQuote } from '../../../../renderer/pages/playground/copy-as';

const PARAMS: SamplingParams = { greedy: false, temperature: 0.7, topP: 0.95, topK: 40, repetitionPenalty: 1.1, maxNewTokens: 64, seed: 3, stop: ['###'] };

describe('answer differences', () => {
  it('splits into words that join back exactly', () => {
    expect(words(' Paris is\nlarge ')).toEqual([' Paris', ' is', '\nlarge', ' ']);
    expect(words(' Paris is\nlarge ').join('')).toBe(' Paris is\nlarge ');
  });

  it('finds the first differing word; a streaming prefix is not a difference', () => {
    expect(firstDifference('The capital is Paris.', 'The capital is Paris.')).toBe(-1);
    expect(firstDifference('The capital is Paris.', 'The capital is Par')).toBe(-1);
    expect(firstDifference('The capital is Paris.', 'The capital was Paris.')).toBe('The capital'.length);
    expect(firstDifference('Short', 'Short and more')).toBe('Short'.length);
    expect(splitAtDifference('a b c', 'a x c')).toEqual({ same: 'a', word: ' x', rest: ' c' });
    expect(splitAtDifference('a b', 'a b')).toBeNull();
  });
});

describe('copy as', () => {
  it('quotes for a POSIX shell', () => {
    expect(shellQuote(`it's "fine"`)).toBe(`'it'\\''s "fine"'`);
    expect(ollamaRunCommand('demo', "What's up?")).toBe(`ollama run demo 'What'\\''s up?'`);
  });

  it('builds a curl to /api/chat with the system prompt, or /api/generate raw, with Ollama option names', () => {
    const chat = ollamaCurlCommand('demo', 'chat', 'Be brief.', 'Hi', PARAMS);
    expect(chat).toMatch(/^curl http:\/\/localhost:11434\/api\/chat -d '/);
    const body = JSON.parse(chat.slice(chat.indexOf("'") + 1, -1)) as Record<string, unknown>;
    expect(body).toEqual({
      model: 'demo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: false,
      options: { temperature: 0.7, top_p: 0.95, top_k: 40, repeat_penalty: 1.1, num_predict: 64, seed: 3, stop: ['###'] },
    });
    const raw = ollamaCurlCommand('demo', 'raw', '', 'The', { ...PARAMS, greedy: true, stop: [] });
    const rawBody = JSON.parse(raw.slice(raw.indexOf("'") + 1, -1)) as Record<string, unknown>;
    expect(raw).toContain('/api/generate');
    expect(rawBody).toEqual({ model: 'demo', prompt: 'The', raw: true, stream: false, options: { temperature: 0, num_predict: 64, seed: 3 } });
  });

  it('names an exported GGUF by its Ollama name, else by its file', () => {
    expect(ollamaNameFor('my-model:latest', '/x/a.gguf')).toBe('my-model:latest');
    expect(ollamaNameFor(null, '/exports/Demo Llama.Q8_0.gguf')).toBe('demo-llama.q8_0');
  });
});
