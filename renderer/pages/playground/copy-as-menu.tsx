import { useState } from 'react';
import type { PromptMode, SamplingParams, TargetOption } from '../../../electron/contract/playground.js';
import { ollamaCurlCommand, ollamaNameFor, ollamaRunCommand } from './copy-as';

interface CopyAsMenuProps {
  option: TargetOption;
  prompt: string;
  mode: PromptMode;
  system: string;
  params: SamplingParams;
}

/** "Copy as" for exported models: the same prompt as an `ollama run` command or a curl call to Ollama's API. */
export function CopyAsMenu({ option, prompt, mode, system, params }: CopyAsMenuProps) {
  const [copied, setCopied] = useState<string | null>(null);
  if (option.target.kind !== 'gguf') return null;
  const name = ollamaNameFor(option.ollamaName, option.target.file);
  const commands = [
    { id: 'ollama', label: 'ollama run', text: ollamaRunCommand(name, prompt) },
    { id: 'curl', label: `curl /api/${mode === 'chat' ? 'chat' : 'generate'}`, text: ollamaCurlCommand(name, mode, system, prompt, params) },
  ];
  const copy = async (id: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(id);
    } catch {
      setCopied(null);
    }
  };
  return (
    <details className="pg-copy-as" data-testid="pg-copy-as">
      <summary>Copy as…</summary>
      {!option.ollamaName && <p className="muted small">Create it in Ollama first (ollama create {name} -f Modelfile).</p>}
      {commands.map((c) => (
        <div key={c.id} className="pg-command">
          <div className="pg-command-head">
            <span className="small">{c.label}</span>
            <button type="button" className="link-button small" onClick={() => void copy(c.id, c.text)}>
              {copied === c.id ? 'Copied' : 'Copy'}
            </button>
          </div>
          <pre data-testid={`pg-command-${c.id}`}>{c.text}</pre>
        </div>
      ))}
    </details>
  );
}
