// A small seeded PRNG (mulberry32) so that generated requests are the same on every run.
export class Prng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  // A float in [0, 1).
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // An integer in [lo, hi].
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(probability) {
    return this.next() < probability;
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  // Between min and max distinct items, in their original order.
  subset(items, min, max) {
    const count = Math.min(items.length, this.int(min, max));
    const chosen = new Set();
    while (chosen.size < count) chosen.add(this.int(0, items.length - 1));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }

  // Each entry of `fields` ({key: () => value}) is kept with probability `keep`.
  someOf(fields, keep) {
    const out = {};
    for (const [key, make] of Object.entries(fields)) if (this.chance(keep)) out[key] = make();
    return out;
  }
}
