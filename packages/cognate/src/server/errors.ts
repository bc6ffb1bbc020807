/** Amplify's `AmplifyServerContextError`: a server API used without (or after) its context. */
import { AuthError } from '../errors/auth-error.js';

export class AmplifyServerContextError extends AuthError {
  constructor({ message, recoverySuggestion }: { message: string; recoverySuggestion?: string }) {
    super({ name: 'AmplifyServerContextError', message, ...(recoverySuggestion ? { recoverySuggestion } : {}) });
  }
}
