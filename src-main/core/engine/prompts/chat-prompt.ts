/**
 * Renders chat turns into prompt tokens with the loaded model's chat wrapper (Mistral's for
 * Mistral-Instruct), ending right where the assistant's answer starts. Tokens, not text, are the
 * output so generation (and steering) can work position by position.
 */
import type { ChatHistoryItem, ChatWrapper, LlamaModel, Token } from 'node-llama-cpp';
import type { ChatTurn } from './conversation';

export function chatHistoryOf(turns: ChatTurn[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = turns.map((turn) =>
    turn.role === 'user' ? { type: 'user', text: turn.text } : { type: 'model', response: [turn.text] },
  );
  history.push({ type: 'model', response: [] });
  return history;
}

export function renderPromptTokens(model: LlamaModel, wrapper: ChatWrapper, turns: ChatTurn[]): Token[] {
  const { contextText } = wrapper.generateContextState({ chatHistory: chatHistoryOf(turns) });
  return contextText.tokenize(model.tokenizer);
}
