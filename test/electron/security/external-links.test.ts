import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../electron/security/external-links.js';

describe('external link allow-list', () => {
  it.each(['https://huggingface.co/Qwen/Qwen2.5-0.5B', 'https://ollama.com/library', 'https://github.com/ggml-org/llama.cpp'])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://huggingface.co/',
    'https://huggingface.co.evil.example/',
    'https://evil.example/?https://huggingface.co',
    'https://user:pass@huggingface.co/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://share/x',
    'ms-settings:',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
