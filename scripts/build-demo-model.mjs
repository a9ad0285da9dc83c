#!/usr/bin/env node
// Rebuilds resources/models/demo-llama from a fixed seed (run after `npm run build:main`).
// The tokenizer is learned from the demo dataset plus a little general English so common words merge.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoModel } from '../dist/native/models/demo-model.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = fs.readFileSync(path.join(root, 'resources/datasets/demo-instructions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const corpus = rows.flatMap((r) => r.messages.map((m) => m.content));
corpus.push(fs.readFileSync(path.join(root, 'resources/models/corpus.txt'), 'utf8'));
const out = path.join(root, 'resources/models/demo-llama');
await buildDemoModel(out, corpus);
console.log(`wrote ${out}`);
