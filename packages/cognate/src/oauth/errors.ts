/**
 * The errors of the redirect flows, with Amplify's names and messages. One quirk is kept on
 * purpose: a state that does not match is reported as `oauthSignInError` (Amplify's
 * `AuthErrorTypes` value) while every other completion failure is `OAuthSignInException`.
 */
import { AuthError } from '../errors/auth-error.js';

export const OAUTH_SIGN_IN_EXCEPTION = 'OAuthSignInException';
export const OAUTH_SIGN_OUT_EXCEPTION = 'OAuthSignOutException';

export function oauthError(message?: string, recoverySuggestion?: string, cause?: unknown): AuthError {
  return new AuthError({
    name: OAUTH_SIGN_IN_EXCEPTION,
    message: message ?? 'An error has occurred during the oauth process.',
    recoverySuggestion: recoverySuggestion ?? 'Make sure Cognito Hosted UI has been configured correctly',
    ...(cause !== undefined ? { cause } : {}),
  });
}

export function oauthNotConfiguredError(): AuthError {
  return new AuthError({
    name: 'OAuthNotConfigureException',
    message: 'oauth param not configured.',
    recoverySuggestion: 'Make sure to call Amplify.configure with oauth parameter in your app.',
  });
}

export function invalidRedirectError(): AuthError {
  return new AuthError({
    name: 'InvalidRedirectException',
    message: 'signInRedirect or signOutRedirect had an invalid format or was not found.',
    recoverySuggestion: 'Please make sure the signIn/Out redirect in your oauth config is valid.',
  });
}

export function invalidOriginError(): AuthError {
  return new AuthError({
    name: 'InvalidOriginException',
    message: 'redirect is coming from a different origin. The oauth flow needs to be initiated from the same origin',
    recoverySuggestion: 'Please call signInWithRedirect from the same origin.',
  });
}

export function invalidPreferredRedirectUrlError(): AuthError {
  return new AuthError({
    name: 'InvalidPreferredRedirectUrlException',
    message: 'The given preferredRedirectUrl does not match any items in the redirectSignOutUrls array from the config.',
    recoverySuggestion: 'Please make sure a matching preferredRedirectUrl is provided.',
  });
}
