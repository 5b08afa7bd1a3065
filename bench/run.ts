export {};
/**
 * Entry of `npm run bench`: runs every benchmark, or only those named on the command line
 * (`npm run bench -- generation`). Benchmarks print their own tables and ratios; nothing here
 * asserts on time.
 */
interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

const BENCHMARKS: Benchmark[] = [
  // Imported on demand so one benchmark's dependencies never slow or break another.
  {
    name: 'generation',
    description: "Steerling's generation path vs bare node-llama-cpp",
    run: async () => (await import('./generation')).benchGeneration(),
  },
  {
    name: 'steering',
    description: 'Steered vs unsteered decode rate (all positions, after prompt, ActAdd front), ActAdd time to first token; vector build vs pair prefill',
    run: async () => {
      await (await import('./steering')).benchSteering();
    },
  },
  {
    name: 'kjv',
    description: 'Steering the learned King James / modern model: success, style rate and content kept per mode, layer and strength; few-shot baseline; negative strength; 4/16/64 pairs, mean and PCA',
    run: async () => (await import('./kjv')).benchKjv(),
  },
  { name: 'history', description: 'History store at 10 000 results', run: async () => (await import('./history')).benchHistory() },
  {
    name: 'paint',
    description: 'First paint of the app window in Chromium through the test bridge; renderer bundle size',
    run: async () => (await import('./paint')).benchPaint(),
  },
  {
    name: 'eval',
    description: 'Sweep cells per minute and the share of time outside generation (scores, checkpoints)',
    run: async () => {
      await (await import('./eval')).benchEval();
    },
  },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  for (const bench of selected) {
    console.log(`\n== ${bench.name}: ${bench.description}`);
    await bench.run();
  }
}

await main();
