/** SignUp: registers a user; `Password` is omitted when not given (passwordless pools). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails, type AttributeType, type CodeDeliveryDetailsType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export interface SignUpRequest {
  ClientId: string;
  Username: string;
  Password?: string;
  UserAttributes?: AttributeType[];
  ValidationData?: AttributeType[];
  ClientMetadata?: Record<string, string>;
}
export interface SignUpResponse {
  UserConfirmed: boolean;
  UserSub: string;
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
  Session?: string;
}

export const signUpOperation = userPoolOperation<SignUpRequest, SignUpResponse>(
  'SignUp',
  body => {
    if (typeof body.UserSub !== 'string') throw invalidResponse('SignUp', 'UserSub');
    const out: SignUpResponse = { UserConfirmed: body.UserConfirmed === true, UserSub: body.UserSub };
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    if (details) out.CodeDeliveryDetails = details;
    if (typeof body.Session === 'string') out.Session = body.Session;
    return out;
  },
  AuthAction.SignUp,
);
