/**
 * Archaic-marker rate: how Shakespearean a text reads, as markers per 100 words (the research
 * script's measure; see "How Steerling scores a summary" in README.md). A marker is
 *   - a word of the archaic lexicon below (thou, hath, 'tis, prithee, …);
 *   - "art" next to thou/thee ("thou art", "art thou"), since "art" alone is usually the noun;
 *   - a verb in -eth (speaketh, cometh), except the modern words and names of ETH_STOP_WORDS and
 *     ordinals (twentieth); -eth is all but extinct in modern prose, so it counts anywhere;
 *   - a verb in -est (knowest, speakest) within three words after thou, or one of the common
 *     forms in EST_VERBS anywhere. Superlatives (largest, latest) are everywhere in news, so a
 *     bare -est word never counts on its own; EST_STOP_WORDS (best, rest, honest, …) never count.
 * Matching ignores case and treats curly apostrophes as straight ones.
 */
import { tokenizeWords } from '../text/words';

export type ArchaicMarkerKind = 'lexicon' | 'thou-art' | 'eth' | 'est';

export interface ArchaicMarker {
  /** The word in lower case, e.g. "hath", "'tis", "speaketh". */
  word: string;
  kind: ArchaicMarkerKind;
  /** Index of the word among the text's words (0-based). */
  wordIndex: number;
}

export interface ArchaicScore {
  /** Markers per 100 words; 0 for a text without words. */
  rate: number;
  count: number;
  words: number;
  markers: ArchaicMarker[];
}

export const ARCHAIC_LEXICON: ReadonlySet<string> = new Set([
  // pronouns and forms of address
  'thou', 'thee', 'thy', 'thine', 'thyself', 'ye', 'sirrah',
  // verb forms
  'hath', 'doth', 'dost', 'hast', 'hadst', 'didst', 'wast', 'wert', 'wilt', 'shalt', 'canst',
  'couldst', 'wouldst', 'shouldst', 'mayst', 'mightst',
  'quoth', 'methinks', 'methought', 'prithee', 'beseech', 'hie',
  // contractions
  "'tis", "'twas", "'twere", "'twill", "'twould", "o'er", "e'er", "ne'er", "e'en",
  // adverbs, conjunctions and interjections
  'ere', 'oft', 'anon', 'hither', 'thither', 'whither', 'thence', 'whence', 'wherefore',
  'forsooth', 'verily', 'perchance', 'mayhap', 'belike', 'betwixt', 'nay', 'aye', 'yea',
  'hark', 'alack', 'fie', 'zounds', 'gramercy', 'yonder', 'naught', 'morn', 'tidings', 'goodly',
  'unto', 'saith', 'spake', 'lo', 'alas', 'yon', 'thenceforth',
  // 'neath: the word tokeniser drops the leading apostrophe, and "neath" is no modern word on its own.
  'neath',
  // Not "hence" or "thus": modern formal prose ("hence the delay") uses them every day.
]);

/** -eth words that are modern English or names, not archaic verbs. */
export const ETH_STOP_WORDS: ReadonlySet<string> = new Set([
  'teeth', 'beneath', 'underneath', 'seth', 'beth', 'elizabeth', 'macbeth', 'kenneth', 'gareth',
  'nazareth', 'japheth', 'meth', 'eth', 'bequeath', 'sheath', 'wreath', 'heath', 'breath',
  'death', 'saith', 'faith', 'lilith', 'ashdod', 'hesketh', 'bethesda', 'ethereum',
]);

/** -est words that are not second-person verbs. */
export const EST_STOP_WORDS: ReadonlySet<string> = new Set([
  'best', 'rest', 'interest', 'forest', 'honest', 'earnest', 'test', 'west', 'east', 'chest',
  'guest', 'quest', 'nest', 'pest', 'vest', 'jest', 'zest', 'crest', 'lest', 'least', 'feast',
  'beast', 'yeast', 'protest', 'request', 'arrest', 'contest', 'harvest', 'invest', 'manifest',
  'modest', 'suggest', 'digest', 'conquest', 'inquest', 'priest', 'latest', 'biggest', 'largest',
  'greatest', 'highest', 'fastest', 'longest', 'smallest', 'oldest', 'newest', 'closest',
  'strongest', 'lowest', 'finest', 'fairest', 'dearest', 'sweetest', 'bravest', 'truest',
  'noblest', 'wisest', 'eldest', 'youngest', 'almost', 'unrest', 'detest', 'attest', 'infest',
  'ingest', 'molest', 'divest', 'everest', 'budapest', 'bucharest', 'midwest', 'northwest',
  'southwest', 'tempest', 'behest', 'dishonest', 'pretest', 'retest',
]);

/** Second-person verb forms common enough in pastiche to count without a nearby thou. */
export const EST_VERBS: ReadonlySet<string> = new Set([
  'knowest', 'sayest', 'speakest', 'goest', 'comest', 'seest', 'hearest', 'lovest', 'thinkest',
  'makest', 'takest', 'givest', 'bringest', 'wouldest', 'shouldest', 'couldest', 'mayest',
  'mightest', 'doest', 'believest', 'askest',
]);

const ORDINAL_ETH = /tieth$/;
const THOU_WINDOW = 3;

function isEthVerb(word: string): boolean {
  return word.length >= 5 && /^[a-z]+eth$/.test(word) && !ETH_STOP_WORDS.has(word) && !ORDINAL_ETH.test(word);
}

function isEstForm(word: string): boolean {
  return word.length >= 6 && /^[a-z]+est$/.test(word) && !EST_STOP_WORDS.has(word);
}

export function archaicScore(text: string): ArchaicScore {
  const words = tokenizeWords(text).map((token) => token.lower);
  const markers: ArchaicMarker[] = [];
  const isThou = (index: number) => words[index] === 'thou' || words[index] === 'thee';
  words.forEach((word, wordIndex) => {
    let kind: ArchaicMarkerKind | undefined;
    if (ARCHAIC_LEXICON.has(word)) kind = 'lexicon';
    else if (word === 'art' && (isThou(wordIndex - 1) || isThou(wordIndex + 1))) kind = 'thou-art';
    else if (isEthVerb(word)) kind = 'eth';
    else if (EST_VERBS.has(word)) kind = 'est';
    else if (isEstForm(word)) {
      for (let back = 1; back <= THOU_WINDOW && wordIndex - back >= 0; back++) {
        if (words[wordIndex - back] === 'thou') {
          kind = 'est';
          break;
        }
      }
    }
    if (kind) markers.push({ word, kind, wordIndex });
  });
  const count = markers.length;
  return { rate: words.length === 0 ? 0 : (100 * count) / words.length, count, words: words.length, markers };
}
