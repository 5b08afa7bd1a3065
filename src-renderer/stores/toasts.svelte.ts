/** Short confirmations ("Exported 2 summaries…") that fade on their own. */
export interface Toast {
  id: number;
  message: string;
  tone: 'success' | 'info';
}

const VISIBLE_MS = 7000;

class ToastStore {
  items = $state<Toast[]>([]);
  #nextId = 1;

  show(message: string, tone: Toast['tone'] = 'success'): void {
    const id = this.#nextId++;
    this.items.push({ id, message, tone });
    setTimeout(() => this.dismiss(id), VISIBLE_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new ToastStore();
