/**
 * Steering pair libraries: the built-in one (read-only) and the writer's own, as the backend lists
 * them, with the edits the library view makes. Every change reloads the list, so pickers elsewhere
 * see it at once.
 */
import type { LibraryData, LibraryListView, LibraryStyleData, LibraryView } from '../../src-main/ipc/contract';
import { invoke, toApiError, type ApiError } from '../lib/api';
import { toasts } from './toasts.svelte';

/** A library being created or edited; without an id it is new. */
export type LibraryDraft = Omit<LibraryData, 'format' | 'version' | 'id'> & { id?: string };

/** A lower-case id from a name, as library files want them. */
export function idFrom(text: string, fallback: string): string {
  const id = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return id || fallback;
}

/** The reference a summary or build uses: `[library:]style[/pair]`, the built-in library unnamed. */
export function pairReference(libraryId: string, styleId: string, pairId: string): string {
  const library = libraryId === 'builtin' ? '' : `${libraryId}:`;
  return `${library}${styleId}${pairId ? `/${pairId}` : ''}`;
}

class LibrariesStore {
  list = $state.raw<LibraryListView | null>(null);
  error = $state.raw<ApiError | null>(null);
  busy = $state(false);

  get libraries(): LibraryView[] {
    return this.list?.libraries ?? [];
  }

  find(id: string): LibraryView | undefined {
    return this.libraries.find((library) => library.id === id);
  }

  style(libraryId: string, styleId: string): LibraryStyleData | undefined {
    return this.find(libraryId)?.styles.find((style) => style.id === styleId);
  }

  async refresh(): Promise<void> {
    try {
      this.list = await invoke('libraries.list', {});
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** Creates (no id) or replaces a library; resolves with the saved one, or throws the backend's error. */
  async save(draft: LibraryDraft): Promise<LibraryView> {
    this.busy = true;
    try {
      const saved = await invoke('libraries.save', { library: $state.snapshot(draft) as Record<string, unknown> });
      await this.refresh();
      return saved;
    } finally {
      this.busy = false;
    }
  }

  async remove(id: string): Promise<void> {
    this.busy = true;
    try {
      await invoke('libraries.delete', { id });
      await this.refresh();
      toasts.show('Library deleted', 'info');
    } finally {
      this.busy = false;
    }
  }

  /** Asks for a JSON file and imports it; null when the writer cancelled. */
  async importFile(): Promise<LibraryView | null> {
    const picked = await invoke('dialog.openFile', { kind: 'library' });
    if (!picked) return null;
    const { library, renamedFrom, alreadyImported } = await invoke('libraries.import', { path: picked.handle });
    await this.refresh();
    toasts.show(
      alreadyImported
        ? `"${library.name}" is already in your libraries; nothing was added`
        : renamedFrom
          ? `Imported "${library.name}" as ${library.id} (the id ${renamedFrom} was taken)`
          : `Imported "${library.name}"`,
    );
    return library;
  }

  /** Asks where to save and writes the library as JSON; false when the writer cancelled. */
  async exportLibrary(library: LibraryView): Promise<boolean> {
    const target = await invoke('dialog.saveFile', { defaultName: `${library.id}.json`, format: 'json' });
    if (!target) return false;
    const written = await invoke('libraries.export', { id: library.id, path: target.handle });
    toasts.show(`Exported "${library.name}" to ${written.path}`);
    return true;
  }
}

export const libraries = new LibrariesStore();
