/**
 * confirmSignIn (answers in `flows/confirm-sign-in.ts`), loaded on first use like `signIn`'s code,
 * which it shares.
 */
import type { AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import type { ConfirmSignInInput, ConfirmSignInOutput } from '../types/auth.js';

export async function confirmSignInOf(ctx: AuthContext, input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  return (await import('../flows/sign-in.js')).confirmSignInOf(ctx, input);
}

export function confirmSignIn(ctx: AmplifyContext, input: ConfirmSignInInput): Promise<ConfirmSignInOutput>;
export function confirmSignIn(input: ConfirmSignInInput): Promise<ConfirmSignInOutput>;
export async function confirmSignIn(...args: unknown[]): Promise<ConfirmSignInOutput> {
  return confirmSignInOf(...withContext<[ConfirmSignInInput]>(args));
}
