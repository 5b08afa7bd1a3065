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

  it('gives " [/INST]" one "▁" more than tokenising the rendered chat in one piece (the open question, answered)', async () => {
    // Hugging Face's apply_chat_template renders the chat to one string and tokenises it once, so
    // the space before "[/INST]" is the "▁" of "▁[" (Mistral's vocabulary: 733). node-llama-cpp
    // tokenises the template's text parts one by one, and SentencePiece puts its dummy "▁" in
    // front of every part it starts: " [/INST]" alone becomes "▁▁[…" (its trimLeadingSpace
    // workaround cannot undo it, because detokenising strips the first space it would compare).
    // "[INST] " right after BOS is not affected. So Steerling's v0.2 prompt has one extra space
    // token before each "[/INST]"; a fix must tokenise the rendered text in one piece without
    // parsing control tokens inside the article.
    const { resolveChatWrapper } = await loadNodeLlamaCpp();
    const turns = summaryConversation(templates, templates.steeredNeutral, article, { includeExample: false });
    const rendered = renderPromptTokens(model, resolveChatWrapper(model)!, turns);
    const onePiece = model.tokenize(`<s>[INST] ${turns[0].text} [/INST]`, true);
    const space = model.tokenize(' ', false, 'trimLeadingSpace');
    expect(space).toHaveLength(1);
    const close = model.tokenize('[/INST]', false).slice(1); // "[" "/" … without the dummy "▁"
    expect(onePiece.slice(-close.length - 1)).toEqual([space[0], ...close]);
    expect(rendered.slice(-close.length - 2)).toEqual([space[0], space[0], ...close]);
    expect(rendered).toEqual([...onePiece.slice(0, -close.length - 1), space[0], ...onePiece.slice(-close.length - 1)]);
  });
});
