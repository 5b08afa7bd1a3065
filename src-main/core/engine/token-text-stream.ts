/**
 * Turns generated tokens into text chunks that never split a character. Byte-fallback tokens
 * (<0xE2><0x80><0x94> for "—") each decode to U+FFFD on their own, so a token whose text ends in
 * U+FFFD is held back until the following tokens complete the character. UTF-8 characters are at
 * most 4 bytes, so after 4 held tokens the text is released as it is (it really is invalid).
 *
 * The concatenation of everything `push` and `flush` return is the output text, by construction.
 */
export type Detokenizer<T> = (tokens: readonly T[], precedingTokens: readonly T[]) => string;

const MAX_HELD_TOKENS = 4;
/** Enough preceding tokens for the detokenizer to decide leading spaces. */
const CONTEXT_TOKENS = 16;
const REPLACEMENT_CHARACTER = '\uFFFD';

export class TokenTextStream<T = number> {
  private held: T[] = [];
  private preceding: T[] = [];
  private atStart: boolean;
  private emitted = '';

  constructor(
    private readonly detokenize: Detokenizer<T>,
    /** Drop whitespace before the first visible character (models often open with a space). */
    options: { trimLeadingWhitespace?: boolean } = {},
  ) {
    this.atStart = options.trimLeadingWhitespace ?? true;
  }

  /** Adds one generated token; returns the text it completes ('' while a character is incomplete). */
  push(token: T): string {
    this.held.push(token);
    const text = this.detokenize(this.held, this.preceding);
    if (text.endsWith(REPLACEMENT_CHARACTER) && this.held.length < MAX_HELD_TOKENS) return '';
    return this.release(text);
  }

  /** Releases whatever is still held, at the end of generation. */
  flush(): string {
    if (this.held.length === 0) return '';
    return this.release(this.detokenize(this.held, this.preceding));
  }

  /** Everything returned so far. */
  get text(): string {
    return this.emitted;
  }

  private release(text: string): string {
    this.preceding.push(...this.held);
    if (this.preceding.length > CONTEXT_TOKENS) this.preceding.splice(0, this.preceding.length - CONTEXT_TOKENS);
    this.held = [];
    let out = text;
    if (this.atStart) {
      out = out.trimStart();
      if (out) this.atStart = false;
    }
    this.emitted += out;
    return out;
  }
}
