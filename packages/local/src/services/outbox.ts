/**
 * The local outbox: every email or SMS Cognito would send (codes, temporary passwords) is kept
 * here, printed on the console, and readable at `GET /_local/messages`. Messages are kept for a
 * day (MESSAGE_RETENTION_SECONDS): a delivery drops the same user's older ones, the sweep the rest.
 * A user holds at most `messagesPerUser` (limits.messagesPerUser, 100), the oldest dropped first: a
 * flood of requests that send a code and need no credentials (USER_AUTH with EMAIL_OTP for a known
 * username) cannot fill the outbox, and a reader wants the newest code anyway.
 */
import type { OutboxMessage } from '../model.js';
import type { Store } from '../storage/store.js';
import { newUuid } from './ids.js';
import { DEFAULT_LIMITS } from './bounds.js';

/** How long an outbox message is kept after its delivery. */
export const MESSAGE_RETENTION_SECONDS = 24 * 3600;

export class Outbox {
  #seq = 0;
  constructor(
    private readonly store: Store,
    private readonly print: (line: string) => void,
    private readonly perUser: number = DEFAULT_LIMITS.messagesPerUser,
  ) {}

  deliver(message: Omit<OutboxMessage, 'id'>): void {
    const id = newUuid();
    const seq = `${String(message.createdAt).padStart(12, '0')}-${String(this.#seq++).padStart(9, '0')}`;
    const prefix = `${message.userPoolId}/${message.username}/`;
    // The user's own messages older than MESSAGE_RETENTION_SECONDS go (in key order, oldest first),
    // and the oldest beyond `perUser` with this one. The prefix may hold other users' rows too (a name
    // that is this one and a slash): all are read then, to count the user's own.
    const stored = this.store.count('message', prefix);
    const own = this.store
      .list<OutboxMessage & { sequence: string }>('message', prefix, stored >= this.perUser ? stored : 100)
      .filter(old => old.username === message.username);
    let over = own.length + 1 - Math.max(1, this.perUser);
    for (const old of own) {
      if (over-- <= 0 && old.createdAt + MESSAGE_RETENTION_SECONDS > message.createdAt) break;
      this.store.delete('message', `${old.userPoolId}/${old.username}/${old.sequence}`);
      this.store.delete('messageIndex', `${old.userPoolId}/${old.destination}/${old.sequence}`);
    }
    this.store.put('message', `${prefix}${seq}`, { id, sequence: seq, ...message });
    this.store.put('messageIndex', `${message.userPoolId}/${message.destination}/${seq}`, { key: `${prefix}${seq}`, createdAt: message.createdAt });
    this.print(`[cognate-local] ${message.deliveryMedium} to ${message.destination} for ${message.username} (${message.userPoolId}): ${message.message}`);
  }

  /**
   * The messages of one pool to any of `usernames` or sent to `destination`: prefix reads of those
   * users' rows and of the destination index, never the whole pool's outbox.
   */
  forUser(userPoolId: string, usernames: string[], destination: string): OutboxMessage[] {
    const found = new Map<string, OutboxMessage & { sequence: string }>();
    for (const username of new Set(usernames)) {
      for (const m of this.store.list<OutboxMessage & { sequence: string }>('message', `${userPoolId}/${username}/`))
        if (m.username === username) found.set(m.id, m);
    }
    for (const entry of this.store.list<{ key: string }>('messageIndex', `${userPoolId}/${destination}/`)) {
      const m = this.store.get<OutboxMessage & { sequence: string }>('message', entry.key);
      if (m && m.destination === destination) found.set(m.id, m);
    }
    return [...found.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0)).map(({ sequence: _s, ...m }) => m);
  }

  list(userPoolId?: string, username?: string): OutboxMessage[] {
    const prefix = userPoolId ? (username !== undefined ? `${userPoolId}/${username}/` : `${userPoolId}/`) : '';
    const messages = this.store.list<OutboxMessage & { sequence: string }>('message', prefix);
    return messages.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0)).map(({ sequence: _s, ...m }) => m);
  }
}
