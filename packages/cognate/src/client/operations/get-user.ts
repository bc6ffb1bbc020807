/** GetUser: the signed-in user's attributes and MFA settings (access token). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import type { AttributeType } from '../wire-types.js';

export interface GetUserRequest {
  AccessToken: string;
}
export interface GetUserResponse {
  Username: string;
  UserAttributes: AttributeType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

export const getUser = userPoolOperation<GetUserRequest, GetUserResponse>('GetUser', body => {
  if (typeof body.Username !== 'string') throw invalidResponse('GetUser', 'Username');
  const out: GetUserResponse = {
    Username: body.Username,
    UserAttributes: Array.isArray(body.UserAttributes) ? (body.UserAttributes as AttributeType[]) : [],
  };
  if (typeof body.PreferredMfaSetting === 'string') out.PreferredMfaSetting = body.PreferredMfaSetting;
  if (Array.isArray(body.UserMFASettingList)) out.UserMFASettingList = body.UserMFASettingList as string[];
  return out;
});
