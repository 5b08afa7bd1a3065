import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatHistoryOf } from '../../../src-main/core/engine/prompts/chat-prompt';
import { mapConversation, notesAsArticle, summaryConversation } from '../../../src-main/core/engine/prompts/conversation';
import {
  BUILT_IN_STYLE_FILES,
  findStyle,
  listStyles,
  loadPromptTemplates,
  parsePromptTemplates,
  PromptTemplateError,
} from '../../../src-main/core/engine/prompts/templates';

const stylesDir = join(import.meta.dirname, '../../../assets/prompts/styles');
const templates = loadPromptTemplates();
const article = { title: 'Bridge closes', text: 'The old bridge closed on Friday.\n\nRepairs take a year.' };

describe('prompt templates', () => {
  it('registers every style file in assets/prompts/styles', () => {
    const files = readdirSync(stylesDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(Object.keys(BUILT_IN_STYLE_FILES).sort()).toEqual(files.sort());
    for (const id of files) {
      const onDisk = JSON.parse(readFileSync(join(stylesDir, `${id}.json`), 'utf8'));
      expect(onDisk.id).toBe(id);
    }
  });

  it('lists styles with labels, Shakespearean English among them', () => {
    const styles = listStyles();
    expect(styles).toContainEqual({ id: 'shakespearean', label: 'Shakespearean English' });
    expect(styles.length).toBeGreaterThanOrEqual(3);
    expect(new Set(styles.map((s) => s.id)).size).toBe(styles.length);
  });

  it('renders a one-shot prompt: the example exchange, then the real article', () => {
    const style = findStyle(templates, 'shakespearean')!;
    const turns = summaryConversation(templates, style, article, { includeExample: true });
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns[0].text).toBe(`${style.instruction}\n\nTitle: ${templates.exampleArticle.title}\n\n${templates.exampleArticle.text}`);
    expect(turns[1].text).toBe(style.exampleSummary);
    expect(turns[2].text).toBe(`${style.instruction}\n\nTitle: Bridge closes\n\n${article.text}`);
    expect(style.instruction).toMatch(/summarise.*then rewrite/is);
  });

  it('renders the zero-shot form and leaves out an empty title', () => {
    const turns = summaryConversation(templates, templates.plain, { title: '  ', text: ' Body. ' }, { includeExample: false });
    expect(turns).toEqual([{ role: 'user', text: `${templates.plain.instruction}\n\nBody.` }]);
  });

  it('fills the map placeholders and numbers reduce notes in order', () => {
    const [turn] = mapConversation(templates, { title: 'Bridge closes', text: 'Chunk text.', index: 1, count: 3 });
    expect(turn.text).toContain('part 2 of 3');
    expect(turn.text).toContain('"Bridge closes"');
    expect(turn.text).not.toMatch(/\{\{/);
    expect(turn.text.endsWith('Chunk text.')).toBe(true);
    const notes = notesAsArticle(templates, 'T', ['First.', 'Second.']);
    expect(notes.text).toBe(`${templates.reduceNotesHeading}\n\nPart 1: First.\n\nPart 2: Second.`);
  });

  it('ends the chat history with an open assistant turn', () => {
    const history = chatHistoryOf([
      { role: 'user', text: 'q' },
      { role: 'assistant', text: 'a' },
      { role: 'user', text: 'q2' },
    ]);
    expect(history).toEqual([
      { type: 'user', text: 'q' },
      { type: 'model', response: ['a'] },
      { type: 'user', text: 'q2' },
      { type: 'model', response: [] },
    ]);
  });

  it('rejects broken template files with a message naming the file and field', () => {
    const good = { plain: templates.plain, steeredNeutral: templates.steeredNeutral, styles: [], exampleArticle: templates.exampleArticle, stages: { map: { instruction: 'x' }, reduce: { notesHeading: 'y' } } };
    expect(() => parsePromptTemplates({ ...good, plain: { ...templates.plain, instruction: '' } })).toThrow(/plain\.json.*instruction/);
    expect(() => parsePromptTemplates({ ...good, styles: [{ id: 'Bad Id', label: 'x', instruction: 'x', exampleSummary: 'x' }] })).toThrow(
      PromptTemplateError,
    );
    const dup = { id: 'same', label: 'x', instruction: 'x', exampleSummary: 'x' };
    expect(() => parsePromptTemplates({ ...good, styles: [dup, dup] })).toThrow(/share the id "same"/);
    expect(() => parsePromptTemplates({ ...good, stages: {} })).toThrow(/stages\.json/);
  });
});
