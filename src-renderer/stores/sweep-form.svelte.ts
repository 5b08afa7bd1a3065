/**
 * The settings of the next sweep: the prompted baseline's style, the methods, a layer range with
 * a step and a list of strengths. What to steer with (a pair or a vector file) is the steered
 * mode's own choice (the steering store), so a sweep starts from what the writer was using.
 */
import type { SteeringMethod } from '../../src-main/ipc/contract';
import type { RequestArgs, StyleScoreName } from '../../src-main/ipc/contract';
import type { Article } from '../../src-main/ipc/contract';
import type { SamplingSettings } from '../../src-main/ipc/contract';
import { layerList, parseCoefficients, type Parsed } from '../lib/sweep-grid';
import { steering } from './steering.svelte';

const METHOD_ORDER: SteeringMethod[] = ['actadd', 'caa', 'all'];

class SweepFormStore {
  /** Prompt style of the prompted baseline. */
  style = $state('shakespearean');
  methods = $state<SteeringMethod[]>(['caa']);
  layerFrom = $state(0);
  layerTo = $state(0);
  layerStep = $state(1);
  coefficientsText = $state('2, 4, 8');
  rankBy = $state<'auto' | StyleScoreName>('auto');
  /** Summaries per cell; cells rank by their mean. */
  samples = $state(1);

  /** Fills the layer range with the model's steerable layers the first time they are known. */
  fitLayers(): void {
    const { min, max } = steering.bounds;
    if (this.layerFrom < min || this.layerFrom > max) this.layerFrom = min;
    if (this.layerTo < this.layerFrom || this.layerTo > max) this.layerTo = max;
  }

  get layers(): Parsed<number[]> {
    return layerList(Number(this.layerFrom), Number(this.layerTo), Number(this.layerStep), steering.bounds);
  }

  get coefficients(): Parsed<number[]> {
    return parseCoefficients(this.coefficientsText, steering.info?.maxCoefficient ?? 1000);
  }

  /** Methods that work with the chosen source (ActAdd needs a pair), in the engine's order. */
  get usableMethods(): SteeringMethod[] {
    return METHOD_ORDER.filter((method) => this.methods.includes(method) && (steering.source === 'pair' || method !== 'actadd'));
  }

  get cellCount(): number {
    const { layers, coefficients } = this;
    return layers.ok && coefficients.ok ? layers.value.length * coefficients.value.length * this.usableMethods.length : 0;
  }

  /** Why the sweep cannot start with these settings, in words; null when it can. */
  problem(): string | null {
    if (!this.style) return 'Choose the style of the prompted summary to compare with.';
    if (this.usableMethods.length === 0) return steering.source === 'vector' ? 'Choose CAA or All positions: ActAdd needs a steering pair.' : 'Choose at least one method.';
    const { layers, coefficients } = this;
    if (!layers.ok) return layers.error;
    if (!coefficients.ok) return coefficients.error;
    if (steering.source === 'vector' && !steering.vectorPath) return 'Load a control-vector file, or sweep a pair.';
    return null;
  }

  request(article: Article, sampling: SamplingSettings): RequestArgs<'sweep.start'> {
    const { layers, coefficients } = this;
    if (!layers.ok || !coefficients.ok) throw new Error(this.problem() ?? 'The sweep settings are incomplete.');
    return {
      article,
      style: this.style,
      ...(steering.source === 'vector' ? { vectorPath: steering.vectorPath } : { pairId: steering.reference }),
      methods: [...this.usableMethods],
      layers: layers.value,
      coefficients: coefficients.value,
      sampling,
      ...(this.rankBy === 'auto' ? {} : { styleScore: this.rankBy }),
      ...(this.samples > 1 ? { samples: Math.min(20, Math.round(this.samples)) } : {}),
      judge: false,
    };
  }
}

export const sweepForm = new SweepFormStore();
