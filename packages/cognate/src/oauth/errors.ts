/**
 * The errors of the redirect flows, with Amplify's names and messages. One quirk is kept on
 * purpose: a state that does not match is reported as `oauthSignInError` (Amplify's
 * `AuthErrorTypes` value) while every other completion failure is `OAuthSignInException`.
 */
import { type AuthError, authError } from '../errors/auth-error.js';

export const OAUTH_SIGN_IN_EXCEPTION = 'OAuthSignInException';

export function oauthError(message?: string, cause?: unknown): AuthError {
  return authError(
    OAUTH_SIGN_IN_EXCEPTION,
    message ?? 'An error has occurred during the oauth process.',
    'Make sure Cognito Hosted UI has been configured correctly',
    cause,
  );
}

/** The redirect URL errors: name → [message, recoverySuggestion]. */
const CONFIG_ERRORS = {
  InvalidRedirectException: [
    'signInRedirect or signOutRedirect had an invalid format or was not found.',
    'Please make sure the signIn/Out redirect in your oauth config is valid.',
  ],
  InvalidOriginException: [
    'redirect is coming from a different origin. The oauth flow needs to be initiated from the same origin',
    'Please call signInWithRedirect from the same origin.',
  ],
  InvalidPreferredRedirectUrlException: [
    'The given preferredRedirectUrl does not match any items in the redirectSignOutUrls array from the config.',
    'Please make sure a matching preferredRedirectUrl is provided.',
  ],
};

export const oauthConfigError = (name: keyof typeof CONFIG_ERRORS): AuthError => authError(name, CONFIG_ERRORS[name][0]!, CONFIG_ERRORS[name][1]);
