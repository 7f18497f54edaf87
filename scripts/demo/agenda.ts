/**
 * The simulation's agenda: callbacks due at a time, taken earliest first.
 * Ties keep insertion order, which keeps a seeded simulation deterministic.
 */

interface Entry {
  at: number;
  seq: number;
  fire: () => void;
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A binary min-heap of scheduled callbacks. */
export class Agenda {
  private heap: Entry[] = [];
  private seq = 0;

  /** When the next entry is due, or null when the agenda is empty. */
  nextAt(): number | null {
    return this.heap[0]?.at ?? null;
  }

  /** Schedules `fire` at `at`. */
  add(at: number, fire: () => void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, fire });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** Removes and returns the earliest entry due at or before `to`, if any. */
  takeDue(to: number): { at: number; fire: () => void } | undefined {
    const heap = this.heap;
    const first = heap[0];
    if (!first || first.at > to) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return first;
  }

  /** Drops every entry. */
  clear(): void {
    this.heap = [];
  }
}
