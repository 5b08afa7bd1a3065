/**
 * The article about to be summarised. A failed import leaves the current article in place and
 * records the error, so a bad drop never costs the writer what they had.
 */
import type { Article } from '../../src-main/ipc/contract';
import { importFile, invoke, toApiError, type ApiError } from '../lib/api';

class ArticleStore {
  current = $state.raw<Article | null>(null);
  importing = $state(false);
  error = $state.raw<ApiError | null>(null);

  async #run(load: () => Promise<Article>): Promise<boolean> {
    this.importing = true;
    try {
      this.current = await load();
      this.error = null;
      return true;
    } catch (error) {
      this.error = toApiError(error);
      return false;
    } finally {
      this.importing = false;
    }
  }

  importFile(file: File): Promise<boolean> {
    return this.#run(() => importFile(file));
  }

  importPath(path: string): Promise<boolean> {
    return this.#run(() => invoke('articles.importPath', { path }));
  }

  fromText(text: string, title?: string): Promise<boolean> {
    return this.#run(() => invoke('articles.fromText', title ? { text, title } : { text }));
  }

  use(article: Article): void {
    this.current = article;
    this.error = null;
  }

  dismissError(): void {
    this.error = null;
  }
}

export const article = new ArticleStore();
