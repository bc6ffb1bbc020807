/**
 * autoSignIn: signs in the user `signUp` registered, once the account is confirmed — with the
 * credentials given to `signUp`, so the app never holds the password again. Throws
 * `AutoSignInException` when nothing is armed. Calls made while one is running share its sign-in
 * (React strict mode runs effects twice).
 */
import type { AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { AUTO_SIGN_IN_EXCEPTION, authError } from '../errors/auth-error.js';
import type { SignInOutput } from '../types/auth.js';
import { signInOf } from './sign-in.js';

const LINK_POLL_MS = 5000;
const LINK_TIMEOUT_MS = 3 * 60 * 1000;

const pending = new WeakMap<AuthContext, Promise<SignInOutput>>();

const autoSignInError = (message: string, recoverySuggestion: string) => authError(AUTO_SIGN_IN_EXCEPTION, message, recoverySuggestion);

/** After a code confirmation (or an already-confirmed sign-up): one sign-in. */
export const autoSignInWithCode =
  (ctx: AuthContext): (() => Promise<SignInOutput>) =>
  async () => {
    const { signInInput: input, session } = ctx.autoSignIn.state;
    try {
      // USER_AUTH signs in with the session ConfirmSignUp returned (no second code or password).
      return await signInOf(ctx, input!, input!.options?.authFlowType === 'USER_AUTH' ? session : undefined);
    } finally {
      ctx.autoSignIn.reset();
    }
  };

/** Confirmation by link: poll sign-in until the account is confirmed, for up to 3 minutes. */
export const autoSignInWhenConfirmedByLink =
  (ctx: AuthContext): (() => Promise<SignInOutput>) =>
  async () => {
    const input = ctx.autoSignIn.state.signInInput!;
    const deadline = Date.now() + LINK_TIMEOUT_MS;
    try {
      while (Date.now() < deadline) {
        const result = await signInOf(ctx, input);
        if (result.nextStep.signInStep !== 'CONFIRM_SIGN_UP') return result;
        await new Promise(resolve => setTimeout(resolve, LINK_POLL_MS));
      }
      throw autoSignInError(
        'The account was not confirmed on time.',
        'Try to verify your account by clicking the link sent your email or phone and then login manually.',
      );
    } finally {
      ctx.autoSignIn.reset();
    }
  };

export function autoSignInOf(ctx: AuthContext): Promise<SignInOutput> {
  let run = pending.get(ctx);
  if (!run) {
    const callback = ctx.autoSignIn.state.callback;
    if (!callback) {
      return Promise.reject(
        autoSignInError(
          'The autoSignIn flow has not started, or has been cancelled/completed.',
          'Please try to use the signIn API or log out before starting a new autoSignIn flow.',
        ),
      );
    }
    run = callback();
    pending.set(ctx, run);
    const clear = () => pending.delete(ctx);
    run.then(clear, clear);
  }
  return run;
}

export function autoSignIn(): Promise<SignInOutput> {
  return autoSignInOf(defaultContext);
}
