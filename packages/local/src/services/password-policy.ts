/** Cognito's password policy checks, reporting only the first violation with Cognito's wording. */
import { CognitoError } from '../errors.js';
import type { PasswordPolicy } from '../model.js';

const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

export function checkPasswordPolicy(password: string, policy: PasswordPolicy): void {
  const problem = (text: string): never => {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${text}`);
  };
  if ([...password].length < policy.MinimumLength) problem('Password not long enough');
  if (policy.RequireLowercase && !/\p{Ll}/u.test(password)) problem('Password must have lowercase characters');
  if (policy.RequireUppercase && !/\p{Lu}/u.test(password)) problem('Password must have uppercase characters');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) problem('Password must have numeric characters');
  if (policy.RequireSymbols && ![...password].some(c => SYMBOLS.has(c))) problem('Password must have symbol characters');
}
