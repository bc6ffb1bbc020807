/**
 * The local outbox: every email or SMS Cognito would send (codes, temporary passwords) is kept
 * here, printed on the console, and readable at `GET /_local/messages`.
 */
import type { OutboxMessage } from '../model.js';
import type { Store } from '../storage/store.js';
import { newUuid } from './ids.js';

export class Outbox {
  #seq = 0;
  constructor(
    private readonly store: Store,
    private readonly print: (line: string) => void,
  ) {}

  deliver(message: Omit<OutboxMessage, 'id'>): void {
    const id = newUuid();
    const seq = `${String(message.createdAt).padStart(12, '0')}-${String(this.#seq++).padStart(9, '0')}`;
    this.store.put('message', `${message.userPoolId}/${message.username}/${seq}`, { id, sequence: seq, ...message });
    this.print(`[cognate-local] ${message.deliveryMedium} to ${message.destination} for ${message.username} (${message.userPoolId}): ${message.message}`);
  }

  list(userPoolId?: string, username?: string): OutboxMessage[] {
    const prefix = userPoolId ? (username !== undefined ? `${userPoolId}/${username}/` : `${userPoolId}/`) : '';
    const messages = this.store.list<OutboxMessage & { sequence: string }>('message', prefix);
    return messages.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0)).map(({ sequence: _s, ...m }) => m);
  }
}
