/**
 * confirmSignUp: confirms a registration with its code. `DONE`, or `COMPLETE_AUTO_SIGN_IN` when
 * `signUp` armed auto sign-in for the same username (then call `autoSignIn()`).
 */
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmSignUpInput, ConfirmSignUpOutput } from '../types/auth.js';
import { autoSignInWithCode } from './auto-sign-in.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function confirmSignUpOf(ctx: AuthContext, input: ConfirmSignUpInput): Promise<ConfirmSignUpOutput> {
  const { username, confirmationCode, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptyConfirmSignUpUsername', 'username is required to confirmSignUp');
  assertValid(!!confirmationCode, 'EmptyConfirmSignUpCode', 'code is required to confirmSignUp');
  const before = ctx.autoSignIn.state;
  // A passwordless (USER_AUTH) auto sign-in needs ConfirmSignUp to turn the sign-up session into one that signs in.
  const { Session } = await sendUserPoolRequest(
    userPoolClient(ctx, config),
    'ConfirmSignUp',
    {
      ClientId: config.userPoolClientId,
      Username: username,
      ConfirmationCode: confirmationCode,
      ClientMetadata: options?.clientMetadata,
      ForceAliasCreation: options?.forceAliasCreation,
      Session: before.username === username && before.signInInput?.options?.authFlowType === 'USER_AUTH' ? before.session : undefined,
    },
    AuthAction.ConfirmSignUp,
  );
  // Read again: a sign-up may have armed (or reset) while the request was out.
  const armed = ctx.autoSignIn.state;
  if (!armed.signInInput || armed.username !== username) {
    ctx.autoSignIn.reset();
    return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } };
  }
  clearTimeout(armed.timer);
  armed.timer = undefined;
  armed.session = Session || undefined;
  armed.callback = autoSignInWithCode(ctx);
  return { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } };
}

export const confirmSignUp = /* @__PURE__ */ contextApi(confirmSignUpOf);
