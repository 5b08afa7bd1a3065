/**
 * `steerling` — the headless shell. Like the Electron main process, it is a thin layer over the
 * app backend, so a summary made here is saved, validated and recorded exactly as in the app.
 */
import { Command, CommanderError } from 'commander';
import { describeError, UsageError } from './cli-error';
import { registerSummarize } from './commands/summarize';
import { registerHistory } from './commands/history';
import { registerModels } from './commands/models';
import { registerSteer } from './commands/steer';
import { registerEval } from './commands/eval';
import { registerCompare, registerComparisons } from './commands/compare';
import { registerSweep } from './commands/sweep';
import { registerCalibrate, registerProbe } from './commands/tune';
import { registerReproduce } from './commands/reproduce';

const program = new Command()
  .name('steerling')
  .description('Summarise news articles with a local LLM, in plain, prompted or steered styles.')
  .option('--data-dir <dir>', 'where history, libraries and models live (default: the app\'s data folder; env STEERLING_DATA_DIR)')
  .showHelpAfterError('(run "steerling --help" for usage)')
  .exitOverride();

registerSummarize(program);
registerHistory(program);
registerModels(program);
registerSteer(program);
registerEval(program);
registerCompare(program);
registerComparisons(program);
registerSweep(program);
registerProbe(program);
registerCalibrate(program);
registerReproduce(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`steerling: ${describeError(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
