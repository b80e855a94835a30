// Real timers for the sans-I/O engines: they ask for a timer by id (armTimer / cancelTimer
// commands) and get a callback when it expires. Re-arming an id replaces the running timer.
// Timers are unref'd so a forgotten one never keeps the process alive.

export class TimerSet<Id extends string = string> {
  private readonly timers = new Map<Id, ReturnType<typeof setTimeout>>();

  arm(id: Id, ms: number, fire: (id: Id) => void): void {
    this.cancel(id);
    const t = setTimeout(() => {
      if (this.timers.get(id) !== t) return;
      this.timers.delete(id);
      fire(id);
    }, Math.max(0, ms));
    t.unref?.();
    this.timers.set(id, t);
  }

  cancel(id: Id): void {
    const t = this.timers.get(id);
    if (t !== undefined) {
      clearTimeout(t);
      this.timers.delete(id);
    }
  }

  isArmed(id: Id): boolean {
    return this.timers.has(id);
  }

  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
