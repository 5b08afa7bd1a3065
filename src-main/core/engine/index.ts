export { LocalEngine, DEFAULT_CONTEXT_SIZE, type LocalEngineOptions } from './local-engine';
export { listStyles, loadPromptTemplates, type PromptTemplate, type PromptTemplates } from './prompts/templates';
export type { SteeringHook, SteeringProvider, SteeringStageContext } from './steering-hook';
export { resolveThreadCount, resolveGpuMode, getSharedLlama } from './llama';
export * from './types';
