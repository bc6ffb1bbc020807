/** GetUser: the signed-in user's attributes and MFA settings (access token). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import type { AttributeType } from '../wire-types.js';
import type { GetUserResponse, MfaMethod } from '@cognate/protocol/wire';

export const getUser = userPoolOperation('GetUser', body => {
  if (typeof body.Username !== 'string') throw invalidResponse('GetUser', 'Username');
  const out: GetUserResponse = {
    Username: body.Username,
    UserAttributes: Array.isArray(body.UserAttributes) ? (body.UserAttributes as AttributeType[]) : [],
  };
  if (typeof body.PreferredMfaSetting === 'string') out.PreferredMfaSetting = body.PreferredMfaSetting as MfaMethod;
  if (Array.isArray(body.UserMFASettingList)) out.UserMFASettingList = body.UserMFASettingList as MfaMethod[];
  return out;
});
