/**
 * Lists of numbers as a person types them on a command line: `4,6,8`, `4..20`, `4..20:2` (every
 * second), or a mix (`2,4..8:2,12`). Duplicates are dropped, the order given is kept.
 */
import { UsageError } from './cli-error';

export const MAX_LIST_LENGTH = 500;

export interface NumberListRule {
  /** Whole numbers only (layers). */
  integer: boolean;
  /** Each value must pass; `rule` says what is allowed, for the message. */
  check?: (value: number) => string | null;
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
const ITEM = new RegExp(`^(${NUMBER})(?:\\s*\\.\\.\\s*(${NUMBER})(?:\\s*:\\s*(${NUMBER}))?)?$`);

function round(value: number): number {
  // Steps like 0.1 accumulate binary error; ten decimals is far below any meaningful setting.
  return Math.round(value * 1e10) / 1e10;
}

export function parseNumberList(flag: string, raw: string, rule: NumberListRule): number[] {
  const usage = rule.integer ? 'whole numbers like 4,6,8, a range like 4..20, or a range with a step like 4..20:2' : 'numbers like 1,2,4,8 or -2.5, a range like 1..8, or a range with a step like 1..8:0.5';
  const fail = (why: string): never => {
    throw new UsageError(`--${flag} ${why}; give ${usage} (got "${raw}").`);
  };
  const values: number[] = [];
  const items = raw.split(',').map((item) => item.trim());
  if (raw.trim() === '' || items.some((item) => item === '')) fail('has an empty entry');
  for (const item of items) {
    const match = ITEM.exec(item);
    if (!match) fail(`cannot read "${item}"`);
    const [, first, last, stepText] = match!;
    const start = Number(first);
    const end = last === undefined ? start : Number(last);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (rule.integer && ![start, end, step].every(Number.isInteger)) fail(`must hold whole numbers only ("${item}")`);
    if (!(step > 0)) fail(`has a step of ${stepText}; the step must be above 0`);
    if (start > end) fail(`has the range ${item} running backwards; write the smaller number first`);
    for (let k = 0; ; k++) {
      const value = round(start + k * step);
      if (value > end + 1e-9) break;
      if (values.length >= MAX_LIST_LENGTH) fail(`has more than ${MAX_LIST_LENGTH} values`);
      values.push(value);
    }
  }
  const distinct = [...new Set(values)];
  for (const value of distinct) {
    const problem = rule.check?.(value);
    if (problem) throw new UsageError(`--${flag}: ${problem}`);
  }
  return distinct;
}

/** `actadd,caa` → the names, each checked against `allowed`. */
export function parseNameList<T extends string>(flag: string, raw: string, allowed: readonly T[]): T[] {
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--${flag} needs at least one of ${allowed.join(', ')}.`);
  for (const name of names) {
    if (!(allowed as readonly string[]).includes(name)) throw new UsageError(`--${flag}: "${name}" is not one of ${allowed.join(', ')}.`);
  }
  return [...new Set(names)] as T[];
}
