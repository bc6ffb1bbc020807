/**
 * The auth events of other tabs, as Amplify 6.22 dispatches them: while tokens live in `localStorage`
 * (the default), another tab's writes to them reach this tab's Hub — a refresh token appearing is
 * `signedIn` (with the user), one disappearing `signedOut`, an access token replaced by another
 * `tokenRefresh`, each with `crossTab: true` and only to the listeners that asked for such events
 * (`Hub.listen('auth', callback, { enableCrossTabEvents: true })`).
 */
import { defaultState } from '../context/default-context.js';
import { Hub } from '../hub/hub.js';
import { defaultStorage } from '../storage/web-storage.js';
import { AUTH_KEY_PREFIX } from './storage-keys.js';

let listening = false;

export function listenToOtherTabs(): void {
  if (listening) return;
  listening = true;
  defaultStorage.addListener(async ({ key, oldValue, newValue }) => {
    if (defaultState.storage !== defaultStorage || !key?.startsWith(`${AUTH_KEY_PREFIX}.`)) return;
    if (key.endsWith('.refreshToken')) {
      if (newValue && !oldValue) {
        const { getCurrentUser } = await import('../apis/get-current-user.js');
        Hub.dispatch('auth', { event: 'signedIn', data: await getCurrentUser() }, 'Auth', undefined, true);
      } else if (!newValue && oldValue) {
        Hub.dispatch('auth', { event: 'signedOut' }, 'Auth', undefined, true);
      }
    } else if (key.endsWith('.accessToken') && oldValue && newValue && oldValue !== newValue) {
      Hub.dispatch('auth', { event: 'tokenRefresh' }, 'Auth', undefined, true);
    }
  });
}
