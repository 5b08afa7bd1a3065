/**
 * The bookkeeping every kind of background job in the backend shares (summaries, comparisons,
 * sweeps): one AbortController per job, cancel by id, and cancelAll that waits until each job
 * has saved what it had and sent its last event.
 */
interface Job {
  controller: AbortController;
  finished: Promise<void>;
}

export class RunningJobs {
  private readonly jobs = new Map<string, Job>();

  /**
   * Registers the job and starts `run` on a later turn of the event loop, so that the id the
   * caller returns reaches its own caller before the job's first event does.
   */
  start(id: string, run: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const finished = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => run(controller.signal))
      .finally(() => this.jobs.delete(id));
    this.jobs.set(id, { controller, finished });
  }

  get size(): number {
    return this.jobs.size;
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /** true when the job was still running and has now been asked to stop. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.controller.signal.aborted) return false;
    job.controller.abort();
    return true;
  }

  /** Stops every job and waits until each has finished. */
  async cancelAll(): Promise<void> {
    const jobs = [...this.jobs.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.all(jobs.map((job) => job.finished));
  }
}
