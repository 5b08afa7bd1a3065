// node --import ./register.mjs: resolves 'electron' to the stand-in beside this file.
import { register } from 'node:module';

const standIn = new URL('./electron-stand-in.mjs', import.meta.url).href;
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(standIn)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
