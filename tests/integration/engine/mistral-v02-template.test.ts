/**
 * The prompt for the real Mistral-7B-Instruct-v0.2 chat template (tests/fixtures/gguf/
 * mistral-v02-template.ts): the model's own Jinja template renders it, with one BOS for the whole
 * chat and "[INST] x [/INST]" with a space inside each marker, as in tokenizer_config.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlamaModel } from 'node-llama-cpp';
import { getSharedLlama, loadNodeLlamaCpp } from '../../../src-main/core/engine/llama';
import { chatHistoryOf, renderPromptTokens } from '../../../src-main/core/engine/prompts/chat-prompt';
import { summaryConversation } from '../../../src-main/core/engine/prompts/conversation';
import { findStyle, loadPromptTemplates } from '../../../src-main/core/engine/prompts/templates';
import { createMistralV02TemplateModel } from '../../fixtures/gguf/mistral-v02-template';

const templates = loadPromptTemplates();
const article = { title: 'Bridge closes', text: 'The old bridge closed on Friday.' };
let model: LlamaModel;

beforeAll(async () => {
  const llama = await getSharedLlama({ gpu: false });
  model = await llama.loadModel({ modelPath: createMistralV02TemplateModel(), gpuLayers: 0 });
});
afterAll(async () => {
  await model?.dispose();
});

describe('the Mistral-7B-Instruct-v0.2 chat template', () => {
  it('renders the one-shot prompt with one BOS and "[INST] x [/INST]" spaced as in tokenizer_config.json', async () => {
    const { resolveChatWrapper } = await loadNodeLlamaCpp();
    const wrapper = resolveChatWrapper(model)!;
    expect(wrapper.wrapperName).toBe('JinjaTemplate'); // the model's own template, not a look-alike
    const style = findStyle(templates, 'shakespearean')!;
    const turns = summaryConversation(templates, style, article, { includeExample: true });
    const { contextText } = wrapper.generateContextState({ chatHistory: chatHistoryOf(turns) });
    expect(contextText.toJSON()).toEqual([
      { type: 'specialToken', value: 'BOS' },
      { type: 'specialTokensText', value: '[INST] ' },
      turns[0].text,
      { type: 'specialTokensText', value: ' [/INST]' },
      turns[1].text,
      { type: 'specialToken', value: 'EOS' },
      { type: 'specialTokensText', value: '[INST] ' },
      turns[2].text,
      { type: 'specialTokensText', value: ' [/INST]' },
    ]);
    const tokens = renderPromptTokens(model, wrapper, turns);
    expect(tokens[0]).toBe(model.tokens.bos);
    expect(tokens.filter((token) => token === model.tokens.bos)).toHaveLength(1);
    expect(tokens.filter((token) => token === model.tokens.eos)).toHaveLength(1);
  });

  it('renders the steered neutral prompt as one user turn after the one BOS', async () => {
    const { resolveChatWrapper } = await loadNodeLlamaCpp();
    const wrapper = resolveChatWrapper(model)!;
    const turns = summaryConversation(templates, templates.steeredNeutral, article, { includeExample: true });
    const { contextText } = wrapper.generateContextState({ chatHistory: chatHistoryOf(turns) });
    expect(contextText.toJSON()).toEqual([
      { type: 'specialToken', value: 'BOS' },
      { type: 'specialTokensText', value: '[INST] ' },
      `${templates.steeredNeutral.instruction}\n\nTitle: Bridge closes\n\nThe old bridge closed on Friday.`,
      { type: 'specialTokensText', value: ' [/INST]' },
    ]);
    expect(renderPromptTokens(model, wrapper, turns).filter((token) => token === model.tokens.bos)).toHaveLength(1);
  });
});
