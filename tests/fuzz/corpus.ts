/** The whole fuzz corpus: crafted inputs first, then seeded mutations of valid articles. */
import fs from 'node:fs';
import path from 'node:path';
import { craftedInputs, type FuzzInput } from './crafted';
import { mutatedInputs } from './mutations';
import { buildSeeds } from './seeds';

export type { FuzzInput } from './crafted';

export const DEFAULT_SEED = 20_260_302;
export const DEFAULT_MUTATIONS = 2_000;

export async function buildCorpus(options: { seed?: number; mutations?: number } = {}): Promise<FuzzInput[]> {
  const seeds = await buildSeeds();
  const originals: FuzzInput[] = seeds.map((seed) => ({
    id: `seed-${seed.name}`,
    name: seed.name,
    async create(dir) {
      const target = path.join(dir, `seed-${seed.name}`);
      fs.writeFileSync(target, seed.bytes);
      return target;
    },
  }));
  return [
    ...originals,
    ...craftedInputs(seeds),
    ...mutatedInputs(seeds, options.mutations ?? DEFAULT_MUTATIONS, options.seed ?? DEFAULT_SEED),
  ];
}
