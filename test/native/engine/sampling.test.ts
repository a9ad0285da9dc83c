import { describe, expect, it } from 'vitest';
import { Rng } from '../../../native/engine/rng.js';
import { GREEDY, argmax, pickToken } from '../../../native/engine/sampling.js';

const logits = Float32Array.from([1, 3, 2, -1, 2.9]);

describe('pickToken', () => {
  it('is argmax when greedy', () => {
    expect(pickToken(logits, [], GREEDY, new Rng(0))).toBe(1);
    expect(argmax(Float32Array.from([-5, -2, -3]))).toBe(1);
  });

  it('applies the repetition penalty to tokens already seen (divide positive, multiply negative)', () => {
    // 3 / 1.5 = 2 < 2.9: token 4 wins once token 1 was seen.
    expect(pickToken(logits, [1], { ...GREEDY, repetitionPenalty: 1.5 }, new Rng(0))).toBe(4);
  });

  it('samples only from the top-k', () => {
    const rng = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(pickToken(logits, [], { temperature: 5, topK: 2, topP: 1, repetitionPenalty: 1 }, rng));
    expect([...seen].sort()).toEqual([1, 4]);
  });

  it('samples only inside the top-p nucleus, keeping at least one token', () => {
    const peaked = Float32Array.from([0, 10, 0, 0]);
    const rng = new Rng(9);
    for (let i = 0; i < 200; i++) expect(pickToken(peaked, [], { temperature: 1, topK: 0, topP: 0.5, repetitionPenalty: 1 }, rng)).toBe(1);
  });

  it('follows the softmax distribution at temperature 1', () => {
    const two = Float32Array.from([0, Math.log(3)]); // p = [0.25, 0.75]
    const rng = new Rng(11);
    let ones = 0;
    for (let i = 0; i < 20_000; i++) ones += pickToken(two, [], { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1 }, rng);
    expect(ones / 20_000).toBeCloseTo(0.75, 1);
  });

  it('is reproducible for a seed', () => {
    const opts = { temperature: 1.2, topK: 0, topP: 0.95, repetitionPenalty: 1 };
    const a = new Rng(123);
    const b = new Rng(123);
    const draw = (r: Rng) => Array.from({ length: 20 }, () => pickToken(logits, [], opts, r));
    expect(draw(a)).toEqual(draw(b));
  });
});
