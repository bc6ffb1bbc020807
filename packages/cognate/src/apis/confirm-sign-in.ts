/**
 * confirmSignIn (answers in `flows/confirm-sign-in.ts`), loaded on first use like `signIn`'s code,
 * which it shares.
 */
import type { AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import type { ConfirmSignInInput, ConfirmSignInOutput } from '../types/auth.js';

export async function confirmSignInOf(ctx: AuthContext, input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  return (await import('../flows/confirm-sign-in.js')).confirmSignInOf(ctx, input);
}

export function confirmSignIn(input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  return confirmSignInOf(defaultContext, input);
}
