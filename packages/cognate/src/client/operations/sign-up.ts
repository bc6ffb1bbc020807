/** SignUp: registers a user; `Password` is omitted when not given (passwordless pools). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';
import type { SignUpResponse } from '@cognate/protocol/wire';

export const signUpOperation = userPoolOperation(
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
