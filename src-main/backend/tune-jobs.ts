/**
 * Probe and calibration jobs for the backend: each runs on the evaluation runner (next to the
 * model) and forwards its events; a calibration's best cell is saved as the preset of its style
 * for the loaded model ("Calibrated for <model>", replaced by the next calibration of the same).
 */
import type { CalibrationResult } from '../core/eval/calibrate';
import type { PresetStore, SavedPreset } from '../core/eval/presets';
import type { ProbeResult } from '../core/eval/probe';
import type { EvaluationRunner } from '../core/eval/runner';
import type { EventChannel, EventPayloads, ParsedArgs } from '../ipc/contract';
import { toIpcErrorPayload } from '../ipc/ipc-error';
import { RunningJobs } from './running-jobs';
import type { Emit } from './channel-types';


export interface TuneJobsDeps {
  runner: EvaluationRunner;
  presets: PresetStore;
  emit: Emit;
  modelId(): string;
}

export function calibratedPresetName(modelId: string): string {
  return `Calibrated for ${modelId}`;
}

export class TuneJobs {
  private readonly running = new RunningJobs();
  /** Jobs whose last event has not been sent: the model is theirs until then, and free as soon as it is. */
  private readonly unfinished = new Set<string>();
  private next = 1;

  constructor(private readonly deps: TuneJobsDeps) {}

  get activeCount(): number {
    return this.unfinished.size;
  }

  /** Sends a job's last event after releasing the model, so whoever hears it can start the next job at once. */
  private finish<E extends EventChannel>(jobId: string, event: E, payload: EventPayloads[E]): void {
    this.unfinished.delete(jobId);
    this.deps.emit(event, payload);
  }

  startProbe(args: ParsedArgs<'probe.start'>): string {
    const jobId = `probe-${this.next++}`;
    this.unfinished.add(jobId);
    this.running.start(jobId, async (signal) => {
      const { emit, runner } = this.deps;
      try {
        let result: ProbeResult | undefined;
        for await (const event of runner.probe({ text: args.text, steering: args.steering, sampling: args.sampling, samples: args.samples }, signal)) {
          if (event.type === 'sample') emit('probe.sample', { jobId, sample: event.sample, done: event.done, total: event.total });
          else result = event.result;
        }
        if (!result) throw new Error('The probe stopped without a result.');
        this.finish(jobId, 'probe.done', { jobId, result });
      } catch (error) {
        this.finish(jobId, 'probe.error', { jobId, ...toIpcErrorPayload(error) });
      }
    });
    return jobId;
  }

  startCalibration(args: ParsedArgs<'calibrate.start'>): string {
    const jobId = `calibrate-${this.next++}`;
    this.unfinished.add(jobId);
    const modelId = this.deps.modelId();
    this.running.start(jobId, async (signal) => {
      const { emit, runner } = this.deps;
      try {
        const { save, ...job } = args;
        let result: CalibrationResult | undefined;
        for await (const event of runner.calibrate(job, signal)) {
          if (event.type === 'progress') {
            const { type: _type, ...progress } = event;
            emit('calibrate.progress', { jobId, ...progress });
          } else result = event.result;
        }
        if (!result) throw new Error('The calibration stopped without a result.');
        const preset = save && result.complete ? await this.savePreset(result, modelId) : null;
        this.finish(jobId, 'calibrate.done', { jobId, result, preset });
      } catch (error) {
        this.finish(jobId, 'calibrate.error', { jobId, ...toIpcErrorPayload(error) });
      }
    });
    return jobId;
  }

  cancel(jobId: string): boolean {
    return this.running.cancel(jobId);
  }

  cancelAll(): Promise<void> {
    return this.running.cancelAll();
  }

  private async savePreset(result: CalibrationResult, modelId: string): Promise<SavedPreset | null> {
    const best = result.best;
    if (!best) return null;
    return this.deps.presets.save(result.style, {
      name: calibratedPresetName(modelId),
      method: best.method,
      layerStart: best.layerStart,
      layerEnd: best.layerEnd,
      coefficient: best.coefficient,
      modelId,
      note: `${result.reason} Pair: ${result.pairId}. ${result.rule}`.slice(0, 2000),
    });
  }
}
