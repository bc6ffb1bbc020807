/** GlobalSignOut: revokes every token of the user (access token). */
import { userPoolOperation } from '../transport.js';

export interface GlobalSignOutRequest {
  AccessToken: string;
}

export const globalSignOut = userPoolOperation<GlobalSignOutRequest, void>('GlobalSignOut', () => undefined, 26);
