import { Template } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import { isContentOpaque } from '../../../native/data/template-opacity.js';

const opaque = (source: string) => isContentOpaque(new Template(source).parsed);

describe('isContentOpaque', () => {
  it('accepts templates that only write contents out', () => {
    // The bundled demo model's ChatML template.
    expect(opaque("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")).toBe(true);
    expect(opaque("{% if messages[0]['role'] == 'system' %}{{ messages[0]['content'] ~ '\\n' }}{% endif %}{% for m in messages[1:] %}{{ m.role }}: {{ m.content if m.role != 'x' else '' }}{% if loop.last %}!{% endif %}{% endfor %}")).toBe(true);
    expect(opaque('{{ bos_token }}{% for m in messages %}{% if m.role == "user" and messages|length > 2 %}[{{ m.content }}]{% endif %}{% endfor %}')).toBe(true);
  });

  it('refuses templates that look at, transform or expose contents', () => {
    const refused = [
      "{% for m in messages %}{{ m['content'] | trim }}{% endfor %}", // Llama 3
      "{% for m in messages %}{% if '</think>' in m.content %}x{% endif %}{% endfor %}", // Qwen3
      '{% for m in messages %}{% if m.content.startswith("<tool") %}x{% endif %}{% endfor %}',
      '{% for m in messages %}{% if m.content is string %}{{ m.content }}{% endif %}{% endfor %}',
      '{% set first = messages[0].content %}{{ first }}',
      '{{ messages | tojson }}',
      '{% for m in messages %}{{ m | tojson }}{% endfor %}',
      '{% for m in messages %}{{ m.get("content") }}{% endfor %}',
      '{% for m in messages %}{{ loop.nextitem.content }}{% endfor %}',
      '{% for m in messages %}{% set x %}{{ m.content }}{% endset %}{{ x | upper }}{% endfor %}',
      '{% macro say(t) %}{{ t }}{% endmacro %}{% for m in messages %}{{ say(m.content) }}{% endfor %}',
      '{% for m in messages %}{{ m[key] }}{% endfor %}',
      '{% for k, v in messages %}{{ v }}{% endfor %}',
      '{% for m in messages %}{{ m.content|length }}{% endfor %}',
      '{% for m in messages if m.content %}{{ m.content }}{% endfor %}',
    ];
    for (const source of refused) expect(opaque(source), source).toBe(false);
  });
});
