/** GetUser: the signed-in user's attributes and MFA settings. */
import type { MfaMethod } from '../names.js';
import type { AttributeType } from '../shapes.js';

export interface GetUserRequest {
  AccessToken: string;
}

export interface GetUserResponse {
  Username: string;
  UserAttributes: AttributeType[];
  PreferredMfaSetting?: MfaMethod;
  UserMFASettingList?: MfaMethod[];
}
