/**
 * A map from 53-bit hashes (hash53) to unsigned 32-bit values (line numbers), open addressing over
 * typed arrays: 12 bytes a slot at ≤ 50% load, where a Map<number, number> holding a million
 * non-Smi keys costs ~80 bytes an entry (a HeapNumber per key plus the ordered-hash-table entry).
 */
const EMPTY = 0xffffffff; // a hash's high word has 21 bits, so this never occurs in a used slot

export class Hash53Map {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private values: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.hi = new Uint32Array(n).fill(EMPTY);
    this.lo = new Uint32Array(n);
    this.values = new Uint32Array(n);
    this.mask = n - 1;
  }

  /** The slot holding `hash`, or the empty slot where it would go. */
  private slot(hi: number, lo: number): number {
    // lo is the better-mixed word of cyrb53; fold hi in so keys differing only there spread too.
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === EMPTY || (h === hi && this.lo[i] === lo)) return i;
      i = (i + 1) & this.mask;
    }
  }

  get(hash: number): number | undefined {
    const hi = Math.floor(hash / 4294967296);
    const lo = hash >>> 0;
    const i = this.slot(hi, lo);
    return this.hi[i] === EMPTY ? undefined : this.values[i];
  }

  has(hash: number): boolean {
    return this.get(hash) !== undefined;
  }

  set(hash: number, value: number): void {
    const hi = Math.floor(hash / 4294967296);
    const lo = hash >>> 0;
    const i = this.slot(hi, lo);
    if (this.hi[i] === EMPTY) {
      this.hi[i] = hi;
      this.lo[i] = lo;
      this.size++;
    }
    this.values[i] = value;
    if (this.size * 2 > this.mask) this.grow();
  }

  *entries(): Generator<[number, number]> {
    for (let i = 0; i <= this.mask; i++) if (this.hi[i] !== EMPTY) yield [this.hi[i]! * 4294967296 + this.lo[i]!, this.values[i]!];
  }

  private grow(): void {
    const { hi, lo, values } = this;
    const n = hi.length * 2;
    this.hi = new Uint32Array(n).fill(EMPTY);
    this.lo = new Uint32Array(n);
    this.values = new Uint32Array(n);
    this.mask = n - 1;
    for (let i = 0; i < hi.length; i++) {
      if (hi[i] === EMPTY) continue;
      const j = this.slot(hi[i]!, lo[i]!);
      this.hi[j] = hi[i]!;
      this.lo[j] = lo[i]!;
      this.values[j] = values[i]!;
    }
  }
}
