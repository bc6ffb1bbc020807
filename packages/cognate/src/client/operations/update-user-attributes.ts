/** UpdateUserAttributes: changes attributes; verifiable ones come back with where their code went. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const updateUserAttributesOperation = userPoolOperation('UpdateUserAttributes', AuthAction.UpdateUserAttributes);
