/**
 * Bytes of large upstream answers that one process holds at once: expanded Sumvin lists and
 * sessions (`expand=messages`, up to 1 MiB and 512 KiB each). The planner takes a share before
 * such a call and, when the budget is spent, uses the plan of small calls instead, so a burst of
 * inbox screens costs more upstream calls rather than unbounded memory. One per process, shared
 * by every operation; each operation gives its shares back when it ends (see `Context`).
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {
    if (!(limitBytes >= 0)) throw new RangeError(`a byte budget must be ≥ 0, got ${limitBytes}`);
  }

  /** Bytes taken and not yet given back. */
  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` when they fit; the returned release gives them back (once, however often it is called). */
  tryTake(bytes: number): (() => void) | null {
    if (this.used + bytes > this.limitBytes) return null;
    this.used += bytes;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.used -= bytes;
    };
  }
}
