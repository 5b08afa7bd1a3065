/**
 * The job follower: events that come while a start request is on its way are held and replayed
 * in order once the id is known; after that the followed job's events are applied and the rest
 * go elsewhere; a failed start drops what it held and keeps following what it followed.
 */
import { describe, expect, it } from 'vitest';
import { JobFollower } from '../../../src-renderer/lib/job-follower';

interface Event {
  job: string;
  text: string;
}

/** A follower that writes down where each event went, and a start request the test answers. */
function harness() {
  const seen: string[] = [];
  const follower = new JobFollower<Event>({
    belongs: (event, jobId) => event.job === jobId,
    apply: (event) => seen.push(`apply ${event.job}:${event.text}`),
    other: (event) => seen.push(`other ${event.job}:${event.text}`),
  });
  let answer!: (value: { jobId: string }) => void;
  let refuse!: (error: Error) => void;
  const request = () =>
    new Promise<{ jobId: string }>((resolve, reject) => {
      answer = resolve;
      refuse = reject;
    });
  return { seen, follower, request, answer: (jobId: string) => answer({ jobId }), refuse: (message: string) => refuse(new Error(message)) };
}

describe('JobFollower', () => {
  it('holds what comes before the id, marks the start, then replays in order and routes by id', async () => {
    const { seen, follower, request, answer } = harness();
    const started = follower.start(request, { idOf: (a) => a.jobId, started: (a) => seen.push(`started ${a.jobId}`) });
    follower.receive({ job: 'j1', text: 'first' });
    follower.receive({ job: 'j0', text: 'old' });
    follower.receive({ job: 'j1', text: 'second' });
    expect(seen).toEqual([]);
    expect(follower.id).toBeNull();

    answer('j1');
    await expect(started).resolves.toEqual({ jobId: 'j1' });
    expect(follower.id).toBe('j1');
    follower.receive({ job: 'j1', text: 'third' });
    follower.receive({ job: 'j2', text: 'stranger' });
    expect(seen).toEqual(['started j1', 'apply j1:first', 'other j0:old', 'apply j1:second', 'apply j1:third', 'other j2:stranger']);
  });

  it('sends everything elsewhere while no job is followed and none is starting', () => {
    const { seen, follower } = harness();
    follower.receive({ job: 'j1', text: 'early' });
    expect(seen).toEqual(['other j1:early']);
  });

  it('drops what it held when the start fails, throws the error, and follows nothing', async () => {
    const { seen, follower, request, refuse } = harness();
    const started = follower.start(request, { idOf: (a) => a.jobId, started: () => seen.push('started') });
    follower.receive({ job: 'j1', text: 'held' });
    refuse('Load a model first.');
    await expect(started).rejects.toThrow('Load a model first.');
    expect(follower.id).toBeNull();
    follower.receive({ job: 'j1', text: 'late' });
    expect(seen).toEqual(['other j1:late']);
  });

  it('stops following the previous job when a new one starts', async () => {
    const { seen, follower, request, answer } = harness();
    follower.follow('j1');
    follower.receive({ job: 'j1', text: 'before' });
    const started = follower.start(request, { idOf: (a) => a.jobId });
    follower.receive({ job: 'j1', text: 'meanwhile' });
    answer('j2');
    await started;
    follower.receive({ job: 'j1', text: 'after' });
    follower.receive({ job: 'j2', text: 'new' });
    expect(seen).toEqual(['apply j1:before', 'other j1:meanwhile', 'other j1:after', 'apply j2:new']);
  });

  it('follows a job whose id is known already at once, and keeps it when its start fails', async () => {
    const { seen, follower, request, refuse } = harness();
    const started = follower.start(request, { idOf: (a) => a.jobId, knownId: 'saved' });
    follower.receive({ job: 'saved', text: 'meanwhile' });
    follower.receive({ job: 'j9', text: 'stranger' });
    refuse('The settings differ.');
    await expect(started).rejects.toThrow('The settings differ.');
    expect(follower.id).toBe('saved');
    follower.receive({ job: 'saved', text: 'after' });
    expect(seen).toEqual(['apply saved:meanwhile', 'other j9:stranger', 'apply saved:after']);
  });

  it('follows a job started elsewhere, or none', () => {
    const { seen, follower } = harness();
    follower.follow('opened');
    follower.receive({ job: 'opened', text: 'cell' });
    follower.follow(null);
    follower.receive({ job: 'opened', text: 'cell' });
    expect(seen).toEqual(['apply opened:cell', 'other opened:cell']);
  });

  it('ignores other jobs when no place for them is given', async () => {
    const applied: string[] = [];
    const follower = new JobFollower<Event>({ belongs: (event, jobId) => event.job === jobId, apply: (event) => applied.push(event.text) });
    follower.receive({ job: 'j1', text: 'nobody' });
    await follower.start(() => Promise.resolve('j1'), { idOf: (id) => id });
    follower.receive({ job: 'j2', text: 'stranger' });
    follower.receive({ job: 'j1', text: 'mine' });
    expect(applied).toEqual(['mine']);
  });
});
