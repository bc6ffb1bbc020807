/**
 * signUp: registers a user. The next step is `CONFIRM_SIGN_UP` (with where the code went), `DONE`
 * when the pool confirmed the user at once, or `COMPLETE_AUTO_SIGN_IN` when `options.autoSignIn`
 * was asked for and the account is confirmed (or confirmation is by link). With a code, auto sign-in
 * is armed and `confirmSignUp` completes it.
 */
import { signUpOperation } from '../client/operations/sign-up.js';
import type { AttributeType } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import type { AuthDeliveryMedium, SignInInput, SignUpInput, SignUpOutput } from '../types/auth.js';
import { autoSignInWhenConfirmedByLink, autoSignInWithCode } from './auto-sign-in.js';

const ARMING_LIFETIME_MS = 3 * 60 * 1000;

export function toAttributeType(attributes: Record<string, string | undefined>): AttributeType[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, ...(Value === undefined ? {} : { Value }) }));
}

export async function signUpOf(ctx: AuthContext, input: SignUpInput): Promise<SignUpOutput> {
  const { username, password, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptySignUpUsername', 'username is required to signUp');
  const autoSignIn = options?.autoSignIn;
  const signInOptions = typeof autoSignIn === 'object' ? autoSignIn : undefined;
  const signInInput: SignInInput = { username, ...(signInOptions ? { options: signInOptions } : {}) };
  if (signInOptions?.authFlowType !== 'CUSTOM_WITHOUT_SRP' && password !== undefined) signInInput.password = password;

  const response = await signUpOperation(userPoolClient(ctx, config), {
    ClientId: config.userPoolClientId,
    Username: username,
    ...(password ? { Password: password } : {}),
    ...(options?.userAttributes ? { UserAttributes: toAttributeType(options.userAttributes) } : {}),
    ...(options?.validationData ? { ValidationData: toAttributeType(options.validationData) } : {}),
    ...(options?.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
  });
  const userId = response.UserSub;
  const armed = !!autoSignIn;
  if (armed) {
    ctx.autoSignIn.reset();
    ctx.autoSignIn.state = { username, signInInput, ...(response.Session ? { session: response.Session } : {}) };
  }
  const cdd = response.CodeDeliveryDetails;
  const codeDeliveryDetails = {
    destination: cdd?.Destination,
    deliveryMedium: cdd?.DeliveryMedium as AuthDeliveryMedium | undefined,
    attributeName: cdd?.AttributeName as 'email' | 'phone_number' | undefined,
  };
  if (response.UserConfirmed) {
    if (armed) {
      ctx.autoSignIn.state.callback = autoSignInWithCode(ctx);
      return { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, userId };
    }
    return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' }, userId };
  }
  if (armed) {
    if ((config.signUpVerificationMethod ?? 'code') === 'link') {
      ctx.autoSignIn.state.callback = autoSignInWhenConfirmedByLink(ctx);
      return { isSignUpComplete: false, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN', codeDeliveryDetails }, userId };
    }
    // Armed until confirmSignUp, for at most Cognito's session lifetime.
    const timer = setTimeout(() => ctx.autoSignIn.reset(), ARMING_LIFETIME_MS);
    (timer as { unref?: () => void }).unref?.();
    ctx.autoSignIn.state.timer = timer;
  }
  return { isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails }, userId };
}

export const signUp = /* @__PURE__ */ contextApi(signUpOf);
