/** A push-to-pull bridge: messages arrive by callback, the consumer reads an async iterable. */
export class EventQueue<T> {
  private items: T[] = [];
  private failure: { error: unknown } | null = null;
  private ended = false;
  private wake: (() => void) | null = null;

  push(item: T): void {
    if (this.ended || this.failure) return;
    this.items.push(item);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.notify();
  }

  get finished(): boolean {
    return this.ended || this.failure !== null;
  }

  async *drain(): AsyncGenerator<T, void, void> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift() as T;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
