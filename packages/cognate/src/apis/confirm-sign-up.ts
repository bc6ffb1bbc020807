/**
 * confirmSignUp: confirms a registration with its code. `DONE`, or `COMPLETE_AUTO_SIGN_IN` when
 * `signUp` armed auto sign-in for the same username (then call `autoSignIn()`).
 */
import { confirmSignUpOperation } from '../client/operations/confirm-sign-up.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmSignUpInput, ConfirmSignUpOutput } from '../types/auth.js';
import { autoSignInWithCode } from './auto-sign-in.js';

export async function confirmSignUpOf(ctx: AuthContext, input: ConfirmSignUpInput): Promise<ConfirmSignUpOutput> {
  const { username, confirmationCode, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptyConfirmSignUpUsername', 'username is required to confirmSignUp');
  assertValid(!!confirmationCode, 'EmptyConfirmSignUpCode', 'code is required to confirmSignUp');
  const before = ctx.autoSignIn.state;
  // A passwordless (USER_AUTH) auto sign-in needs ConfirmSignUp to turn the sign-up session into one that signs in.
  const signUpSession = before.username === username && before.signInInput?.options?.authFlowType === 'USER_AUTH' ? before.session : undefined;
  const { Session } = await confirmSignUpOperation(userPoolClient(ctx, config), {
    ClientId: config.userPoolClientId,
    Username: username,
    ConfirmationCode: confirmationCode,
    ...(options?.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
    ...(options?.forceAliasCreation !== undefined ? { ForceAliasCreation: options.forceAliasCreation } : {}),
    ...(signUpSession ? { Session: signUpSession } : {}),
  });
  const armed = ctx.autoSignIn.state;
  if (!armed.signInInput || armed.username !== username) {
    ctx.autoSignIn.reset();
    return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } };
  }
  if (armed.timer) clearTimeout(armed.timer);
  delete armed.timer;
  if (Session) armed.session = Session;
  else delete armed.session;
  armed.callback = autoSignInWithCode(ctx);
  return { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } };
}

export const confirmSignUp = /* @__PURE__ */ contextApi(confirmSignUpOf);
