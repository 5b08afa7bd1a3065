/**
 * The file paths inside contract requests, checked in one place before any handler runs: each is
 * replaced by the path a shell's PathAccess grants for it. Control vectors in the app's own vector
 * folder (listed by `vectors.list`, written by `vectors.build`) need no grant, and `vectors.build`
 * takes a bare file name in that folder as well.
 */
import path from 'node:path';
import type { ParsedArgs, RequestChannel } from '../ipc/contract';
import type { PathAccess, PathUse } from './path-access';
import { IpcError } from '../ipc/ipc-error';

type PathRule = (args: never, check: PathCheck) => unknown;

interface PathCheck {
  file(value: string, use: PathUse): string;
  /** A vector file to read: one in the app's vector folder, or a granted one. */
  vector(value: string): string;
  /** Where a built vector goes: a bare name in the vector folder, or a granted save path. */
  vectorTarget(value: string): string;
}

const writes = <C extends RequestChannel>() => ((args: ParsedArgs<C> & { path: string }, check: PathCheck) => ({
  ...args,
  path: check.file(args.path, 'write'),
})) as PathRule;
const reads = <C extends RequestChannel>() => ((args: ParsedArgs<C> & { path: string }, check: PathCheck) => ({
  ...args,
  path: check.file(args.path, 'read'),
})) as PathRule;

interface WithSteering {
  steering?: { vectorPath?: string };
}
function steeringVector<T extends WithSteering>(args: T, check: PathCheck): T {
  const vectorPath = args.steering?.vectorPath;
  return vectorPath === undefined ? args : { ...args, steering: { ...args.steering, vectorPath: check.vector(vectorPath) } };
}

/** Every request channel that names a file, and how. */
export const PATH_RULES: Partial<Record<RequestChannel, PathRule>> = {
  'history.export': writes<'history.export'>(),
  'history.exportFolder': writes<'history.exportFolder'>(),
  'libraries.export': writes<'libraries.export'>(),
  'compare.export': writes<'compare.export'>(),
  'sweep.export': writes<'sweep.export'>(),
  'articles.importPath': reads<'articles.importPath'>(),
  'models.load': reads<'models.load'>(),
  'models.import': reads<'models.import'>(),
  'libraries.import': reads<'libraries.import'>(),
  'vectors.inspect': ((args: ParsedArgs<'vectors.inspect'>, check) => ({ ...args, path: check.vector(args.path) })) as PathRule,
  'vectors.build': ((args: ParsedArgs<'vectors.build'>, check) =>
    args.path === undefined ? args : { ...args, path: check.vectorTarget(args.path) }) as PathRule,
  'summary.start': ((args: ParsedArgs<'summary.start'>, check) => steeringVector(args, check)) as PathRule,
  'batch.start': ((args: ParsedArgs<'batch.start'>, check) => ({
    ...steeringVector(args, check),
    files: args.files.map((file) => check.file(file, 'read')),
  })) as PathRule,
  'compare.start': ((args: ParsedArgs<'compare.start'>, check) => ({
    ...args,
    configs: args.configs.map((config) => steeringVector(config, check)),
  })) as PathRule,
  'sweep.start': ((args: ParsedArgs<'sweep.start'>, check) =>
    args.vectorPath === undefined ? args : { ...args, vectorPath: check.vector(args.vectorPath) }) as PathRule,
  'probe.start': ((args: ParsedArgs<'probe.start'>, check) => steeringVector(args, check)) as PathRule,
};

function isBareName(value: string): boolean {
  return value !== '.' && value !== '..' && !/[\\/]/.test(value) && !path.isAbsolute(value);
}

/** The request with every file path it names granted by `access`, or a `path.*` IpcError. */
export function checkRequestPaths<C extends RequestChannel>(
  channel: C,
  args: ParsedArgs<C>,
  access: PathAccess,
  vectorDir: string,
): ParsedArgs<C> {
  const rule = PATH_RULES[channel];
  if (!rule) return args;
  const folder = path.resolve(vectorDir);
  const check: PathCheck = {
    file: (value, use) => access.resolve(value, use),
    vector(value) {
      if (path.isAbsolute(value) && path.dirname(path.resolve(value)) === folder) return path.resolve(value);
      return access.resolve(value, 'read');
    },
    vectorTarget(value) {
      const trimmed = value.trim();
      if (isBareName(trimmed)) return trimmed;
      if (path.isAbsolute(trimmed) && path.dirname(path.resolve(trimmed)) === folder) return path.resolve(trimmed);
      const granted = access.resolve(trimmed, 'write');
      if (granted !== trimmed && !granted.toLowerCase().endsWith('.gguf')) {
        throw new IpcError('path.not-granted', 'A control vector is saved as a .gguf file; choose a name ending in .gguf.');
      }
      return granted;
    },
  };
  return (rule as (args: ParsedArgs<C>, check: PathCheck) => ParsedArgs<C>)(args, check);
}
