/**
 * Follows one backend job from the window. A start request answers with the job's id, but the
 * job may already be writing by then, so the events that come while the request is on its way
 * are held and replayed, oldest first, once the id is known. From then on the followed job's
 * events go to `apply` and every other one to `other`. A store keeps its own phase (what stopping
 * or failing means differs between them) and cancels by `id`.
 */
export interface JobFollowerOptions<E> {
  /** Whether the event is one of the job with this id. */
  belongs: (event: E, jobId: string) => boolean;
  /** An event of the followed job. */
  apply: (event: E) => void;
  /** An event of another job, or one that came while no job was followed; ignored by default. */
  other?: (event: E) => void;
}

export interface StartOptions<A> {
  /** The job's id in the start request's answer. */
  idOf: (answer: A) => string;
  /** Runs with the answer once the id is known, before the held events are replayed (state set here is theirs to change). */
  started?: (answer: A) => void;
  /**
   * The job's id when it is known before the request answers (a saved job resumed by its id): its
   * events are followed at once rather than held, and it stays followed if the request fails.
   */
  knownId?: string;
}

export class JobFollower<E> {
  readonly #options: JobFollowerOptions<E>;
  #id: string | null = null;
  /** A start request is on its way. */
  #starting = false;
  #held: E[] = [];

  constructor(options: JobFollowerOptions<E>) {
    this.#options = options;
  }

  /** The followed job's id; null while none is (or its start has not answered yet). */
  get id(): string | null {
    return this.#id;
  }

  /** Follows a job started elsewhere (a saved one opened while it runs), or none. */
  follow(jobId: string | null): void {
    this.#id = jobId;
  }

  /**
   * Sends the start request and follows the job it answers with; resolves with the answer. If the
   * request fails, what came meanwhile is dropped, the job of `knownId` (or none) stays followed,
   * and the request's error is thrown.
   */
  async start<A>(request: () => Promise<A>, { idOf, started, knownId }: StartOptions<A>): Promise<A> {
    this.#id = knownId ?? null;
    this.#held = [];
    this.#starting = true;
    let answer: A;
    try {
      answer = await request();
    } catch (error) {
      this.#held = [];
      throw error;
    } finally {
      this.#starting = false;
    }
    this.#id = idOf(answer);
    started?.(answer);
    const held = this.#held;
    this.#held = [];
    for (const event of held) this.receive(event);
    return answer;
  }

  /** Every event of the job kind comes here. */
  receive(event: E): void {
    if (this.#id === null) {
      if (this.#starting) this.#held.push(event);
      else this.#options.other?.(event);
      return;
    }
    if (this.#options.belongs(event, this.#id)) this.#options.apply(event);
    else this.#options.other?.(event);
  }
}
