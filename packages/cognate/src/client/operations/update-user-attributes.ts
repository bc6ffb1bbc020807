/** UpdateUserAttributes: changes attributes; verifiable ones come back with where their code went. */
import { userPoolOperation } from '../transport.js';
import type { CodeDeliveryDetailsType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export const updateUserAttributesOperation = userPoolOperation(
  'UpdateUserAttributes',
  body => (Array.isArray(body.CodeDeliveryDetailsList) ? { CodeDeliveryDetailsList: body.CodeDeliveryDetailsList as CodeDeliveryDetailsType[] } : {}),
  AuthAction.UpdateUserAttributes,
);
