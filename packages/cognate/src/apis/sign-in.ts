/**
 * signIn (flows in `flows/sign-in.ts`). The sign-in code (SRP maths, challenge handling) is loaded
 * on the first call, not with the page: a returning user whose session is stored never needs it.
 */
import type { AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import type { SignInInput, SignInOutput } from '../types/auth.js';

/** `signUpSession`: the (confirmed) sign-up session auto sign-in passes to a USER_AUTH sign-in. */
export async function signInOf(ctx: AuthContext, input: SignInInput, signUpSession?: string): Promise<SignInOutput> {
  return (await import('../flows/sign-in.js')).signInOf(ctx, input, signUpSession);
}

export function signIn(ctx: AmplifyContext, input: SignInInput): Promise<SignInOutput>;
export function signIn(input: SignInInput): Promise<SignInOutput>;
export async function signIn(...args: unknown[]): Promise<SignInOutput> {
  const [ctx, input] = withContext<[SignInInput]>(args);
  return signInOf(ctx, input);
}
