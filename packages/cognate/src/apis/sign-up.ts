/**
 * signUp: registers a user. The next step is `CONFIRM_SIGN_UP` (with where the code went), `DONE`
 * when the pool confirmed the user at once, or `COMPLETE_AUTO_SIGN_IN` when `options.autoSignIn`
 * was asked for and the account is confirmed (or confirmation is by link). With a code, auto sign-in
 * is armed and `confirmSignUp` completes it.
 */
import type { AttributeType, CodeDeliveryDetailsType } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import type { AutoSignInState } from '../flows/auto-sign-in-state.js';
import { assertValid } from '../errors/validation.js';
import type { AuthDeliveryMedium, CodeDeliveryDetails, SignUpInput, SignUpOutput } from '../types/auth.js';
import { autoSignInWhenConfirmedByLink, autoSignInWithCode } from './auto-sign-in.js';
import { contextApi } from './context-api.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

const ARMING_LIFETIME_MS = 3 * 60 * 1000;

/** `{Name, Value}` pairs (an undefined `Value` is left out of the request). */
export function toAttributeType(attributes: Record<string, string | undefined>): AttributeType[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

/** Where Cognito sent a code, in Amplify's words. */
export const codeDeliveryDetails = (cdd: CodeDeliveryDetailsType | undefined): CodeDeliveryDetails<'email' | 'phone_number'> => ({
  destination: cdd?.Destination,
  deliveryMedium: cdd?.DeliveryMedium as AuthDeliveryMedium | undefined,
  attributeName: cdd?.AttributeName as 'email' | 'phone_number' | undefined,
});

export async function signUpOf(ctx: AuthContext, input: SignUpInput): Promise<SignUpOutput> {
  const { username, password, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptySignUpUsername', 'username is required to signUp');
  const autoSignIn = options?.autoSignIn;
  const signInOptions = typeof autoSignIn === 'object' ? autoSignIn : undefined;
  const {
    UserSub: userId,
    UserConfirmed,
    Session,
    CodeDeliveryDetails,
  } = await sendUserPoolRequest(
    userPoolClient(ctx, config),
    'SignUp',
    {
      ClientId: config.userPoolClientId,
      Username: username,
      Password: password || undefined,
      UserAttributes: options?.userAttributes && toAttributeType(options.userAttributes),
      ValidationData: options?.validationData && toAttributeType(options.validationData),
      ClientMetadata: options?.clientMetadata,
    },
    AuthAction.SignUp,
  );
  let signUpStep: 'DONE' | 'CONFIRM_SIGN_UP' | 'COMPLETE_AUTO_SIGN_IN' = UserConfirmed ? 'DONE' : 'CONFIRM_SIGN_UP';
  if (autoSignIn) {
    ctx.autoSignIn.reset();
    const state: AutoSignInState = {
      username,
      signInInput: {
        username,
        options: signInOptions,
        password: signInOptions?.authFlowType === 'CUSTOM_WITHOUT_SRP' ? undefined : password,
      },
      session: Session || undefined,
    };
    ctx.autoSignIn.state = state;
    if (UserConfirmed || config.signUpVerificationMethod === 'link') {
      state.callback = (UserConfirmed ? autoSignInWithCode : autoSignInWhenConfirmedByLink)(ctx);
      signUpStep = 'COMPLETE_AUTO_SIGN_IN';
    } else {
      // Armed until confirmSignUp, for at most Cognito's session lifetime.
      state.timer = setTimeout(() => ctx.autoSignIn.reset(), ARMING_LIFETIME_MS);
      (state.timer as { unref?: () => void }).unref?.();
    }
  }
  return {
    isSignUpComplete: !!UserConfirmed,
    nextStep: (UserConfirmed ? { signUpStep } : { signUpStep, codeDeliveryDetails: codeDeliveryDetails(CodeDeliveryDetails) }) as SignUpOutput['nextStep'],
    userId,
  };
}

export const signUp = /* @__PURE__ */ contextApi(signUpOf);
