import { describe, expect, it } from 'vitest';
import { detectRepetition } from '../../../src-main/core/eval/text/repetition';

describe('detectRepetition', () => {
  it('finds a phrase looping to the end of the text', () => {
    const text = 'The ferry began on Monday. Thou art thou art thou art thou art thou art thou art';
    expect(detectRepetition(text)).toEqual({ phrase: 'thou art', times: 6, share: 12 / 17 });
  });

  it('finds one word repeated, ignoring case and punctuation', () => {
    expect(detectRepetition('Harbour, harbour. HARBOUR harbour; harbour harbour')).toMatchObject({ phrase: 'harbour', times: 6, share: 1 });
  });

  it('prefers the run that covers the most words', () => {
    const found = detectRepetition('a a a a a a the old market hall the old market hall the old market hall the old market hall');
    expect(found).toMatchObject({ phrase: 'the old market hall', times: 4 });
  });

  it('does not call ordinary prose, or a short echo, a collapse', () => {
    expect(detectRepetition('A battery-powered ferry began carrying passengers between the north and south harbours on Monday.')).toBeNull();
    expect(detectRepetition('It was very, very, very late.')).toBeNull(); // three times one word
    expect(detectRepetition('')).toBeNull();
  });

  it('does not count a loop that is a small part of a long text', () => {
    const prose = 'The council expects six hundred crossings a week by summer and will review the timetable in September. '.repeat(1).trim();
    const text = `${prose} ${prose.replace('six', 'seven')} ${prose.replace('week', 'month')} go go go go go`;
    expect(detectRepetition(text)).toBeNull();
  });
});
