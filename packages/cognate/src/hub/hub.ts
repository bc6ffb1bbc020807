/**
 * A Hub compatible with Amplify's: `Hub.listen(channel, callback) → stop` and
 * `Hub.dispatch(channel, payload, source?)`, callbacks run synchronously in registration order and
 * a throwing listener never breaks the dispatcher or the other listeners. The `auth` channel carries
 * `signedIn`, `signedOut`, `tokenRefresh`, `tokenRefresh_failure`, … with Amplify's payloads. As in
 * Amplify 6.22, events heard from other tabs (`crossTab: true`) reach only the `auth` listeners that
 * asked for them: `Hub.listen('auth', callback, { enableCrossTabEvents: true })`.
 */
import type { AuthUser } from '../types/auth.js';

/** The `auth` channel's events (Amplify's `AuthHubEventData`). */
export type AuthHubEventData =
  | { event: 'signInWithRedirect' }
  | { event: 'signInWithRedirect_failure'; data: { error?: { name: string; message: string; recoverySuggestion?: string } } }
  | { event: 'tokenRefresh' }
  | { event: 'tokenRefresh_failure'; data: { error?: { name: string; message: string; recoverySuggestion?: string } } }
  | { event: 'customOAuthState'; data: string }
  | { event: 'signedIn'; data: AuthUser }
  | { event: 'signedOut' };

export interface HubPayload {
  event: string;
  data?: unknown;
  message?: string;
}

export interface HubCapsule<Channel extends string = string, Payload extends HubPayload = HubPayload> {
  channel: Channel;
  payload: Payload;
  source?: string;
  /** Set on events heard from another tab. */
  crossTab?: boolean;
  patternInfo?: string[];
}

/** `Hub.listen`'s third argument: a listener name, or options. */
export type HubListenOptions = string | { listenerName?: string; enableCrossTabEvents?: boolean };

interface Listener {
  channel: string;
  callback: HubCallback;
  crossTab: boolean;
}

export type HubCallback<Channel extends string = string, Payload extends HubPayload = HubPayload> = (capsule: HubCapsule<Channel, Payload>) => void;

type ChannelPayload<Channel extends string> = Channel extends 'auth' ? AuthHubEventData : HubPayload;

export class HubClass {
  readonly name: string;
  /** Replaced, never changed in place: a dispatch runs the listeners there were when it began. */
  #listeners: Listener[] = [];

  constructor(name: string) {
    this.name = name;
  }

  /** Subscribes to a channel; returns the function that unsubscribes. */
  listen<Channel extends string>(channel: Channel, callback: HubCallback<Channel, ChannelPayload<Channel>>, options?: HubListenOptions): () => void {
    if (typeof callback !== 'function') throw new TypeError('No callback supplied to Hub');
    this.#listeners = [
      ...this.#listeners,
      { channel, callback: callback as HubCallback, crossTab: typeof options === 'object' && options?.enableCrossTabEvents === true },
    ];
    // As in Amplify, stopping removes this callback from the channel (every time it was added there).
    return () => {
      this.#listeners = this.#listeners.filter(listener => listener.channel !== channel || listener.callback !== callback);
    };
  }

  /** `ampSymbol` is accepted for Amplify's signature and ignored; `crossTab` marks another tab's event. */
  dispatch<Channel extends string>(channel: Channel, payload: ChannelPayload<Channel>, source?: string, _ampSymbol?: symbol, crossTab?: boolean): void {
    const capsule: HubCapsule<Channel, ChannelPayload<Channel>> = { channel, payload: { ...payload }, patternInfo: [] };
    if (source !== undefined) capsule.source = source;
    if (crossTab) capsule.crossTab = true;
    for (const listener of this.#listeners) {
      // Only this channel's listeners; another tab's events only to `auth` listeners that asked for them.
      if (listener.channel !== channel || (crossTab && !(listener.crossTab && channel === 'auth'))) continue;
      try {
        listener.callback(capsule);
      } catch {
        // A listener's failure is its own; the others still run (as in Amplify).
      }
    }
  }
}

/** The process-wide Hub (`aws-amplify/utils` `Hub`). */
export const Hub = new HubClass('__default__');
