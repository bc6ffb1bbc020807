/**
 * What cognate's public APIs can do today, rendered into the README by `npm run support-table`
 * (the root `scripts/support-table.mjs` imports the built `dist/support.js`). `works` only where a
 * test in `packages/cognate/test/` (or, for what needs a real browser, cognate-local's
 * `test/browser-*.test.ts` in Chromium) drives the API end to end against cognate-local; `types` where
 * the types are exported but there is no implementation yet; `missing` where neither exists.
 */
export interface SupportedApi {
  name: string;
  from: string;
  status: 'works' | 'types' | 'missing';
  note?: string;
}

const AUTH = 'cognate-auth/auth';
const works = (name: string, note?: string, from = AUTH): SupportedApi => ({ name, from, status: 'works', ...(note ? { note } : {}) });

export const SUPPORTED_APIS: SupportedApi[] = [
  works('Amplify', '`configure` (Gen 1, Gen 2 or `ResourcesConfig`, `ssr: true` for cookies) and `getConfig`; every test', 'cognate-auth'),
  works('signUp', 'code and link confirmation, auto sign-in arming (differential.test)'),
  works('confirmSignUp', 'differential.test'),
  works('resendSignUpCode', 'differential.test'),
  works('autoSignIn', 'differential.test; after a passwordless (USER_AUTH) sign-up with the confirmation session, signing straight in (passwordless.test)'),
  works(
    'signIn',
    '`USER_SRP_AUTH`, `USER_PASSWORD_AUTH` (differential.test), `CUSTOM_WITHOUT_SRP`, `CUSTOM_WITH_SRP` (custom-auth.test); `CONFIRM_SIGN_UP` and `RESET_PASSWORD` steps (accounts.test); device key, DEVICE_SRP_AUTH and the "Device does not exist." retry (devices.test); `USER_AUTH` with `preferredChallenge` PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP (passwordless.test) and WEB_AUTHN through `navigator.credentials.get` (browser-passkeys.test), `InvalidPreferredChallenge`, `PasskeyNotSupported` where there is no WebAuthn (passwordless.test)',
  ),
  works(
    'confirmSignIn',
    'new password (differential.test); custom challenge (custom-auth.test); SMS, TOTP and email codes, MFA selection, MFA setup selection, TOTP setup and email setup, wrong-code retry on the same session (mfa.test); first-factor selection (`availableChallenges`; PASSWORD / PASSWORD_SRP then the password, EMAIL_OTP, SMS_OTP codes; passwordless.test) and WEB_AUTHN chosen (browser-passkeys.test)',
  ),
  works('signOut', 'local (RevokeToken) and global (differential.test); hosted-UI `/logout` after a redirect sign-in (browser-oauth.test)'),
  works('fetchAuthSession', 'tokens, refresh (differential.test, refresh-single-flight.test)'),
  works('getCurrentUser', 'differential.test'),
  works('fetchUserAttributes', 'differential.test, accounts.test'),
  works('decodeJWT', 'on cognate-local tokens (devices.test)'),
  works('setUpTOTP', "`getSetupUri` with Amplify's quoted default account name (mfa.test)"),
  works('verifyTOTPSetup', 'mfa.test'),
  works('updateMFAPreference', 'SMS, TOTP, email (mfa.test)'),
  works('fetchMFAPreference', 'mfa.test'),
  works('resetPassword', 'accounts.test'),
  works('confirmResetPassword', 'wrong, expired and reused codes, too many attempts (accounts.test)'),
  works('updatePassword', 'policy and history (accounts.test)'),
  works('updateUserAttributes', 'accounts.test'),
  works('updateUserAttribute', 'accounts.test'),
  works('confirmUserAttribute', 'accounts.test'),
  works('sendUserAttributeVerificationCode', 'accounts.test'),
  works('deleteUserAttributes', 'accounts.test'),
  works('deleteUser', 'signs out with the `signedOut` Hub event (accounts.test)'),
  works('rememberDevice', 'a remembered device skips MFA (devices.test)'),
  works('forgetDevice', 'devices.test'),
  works('fetchDevices', 'devices.test'),
  works('AuthError', "error names as Amplify's (every test)"),
  works(
    'signInWithRedirect',
    "hosted UI with PKCE, `provider` (mock Google), `customState`, state checks, completion on page load with Amplify's keys and Hub events, `signOut` through `/logout`; driven in Chromium (cognate-local browser-oauth.test). `http://` only for loopback domains, and `https://` there too when `userPoolEndpoint` is https (cognate-local `--https`; https-hosted-ui.test). Multi-page apps: `cognate-auth/auth/enable-oauth-listener`",
  ),
  works(
    'associateWebAuthnCredential',
    '`navigator.credentials.create` with a virtual authenticator, `PasskeyAlreadyExists` (browser-passkeys.test); `PasskeyNotSupported` without WebAuthn (passwordless.test)',
  ),
  works('listWebAuthnCredentials', 'paginated with `pageSize` / `nextToken` (passwordless.test, browser-passkeys.test)'),
  works('deleteWebAuthnCredential', 'passwordless.test, browser-passkeys.test'),
  works('cognitoUserPoolsTokenProvider', '`setKeyValueStorage` (every differential test)', 'cognate-auth/auth/cognito'),
  works('cognitoCredentialsProvider', 'the default identity-pool provider, to pass back in `libraryOptions.Auth` (identity.test)', 'cognate-auth/auth/cognito'),
  works(
    'CognitoAWSCredentialsAndIdentityIdProvider',
    'with a `DefaultIdentityIdStore` over another storage, or a store written for Amplify; compared with Amplify (identity.test)',
    'cognate-auth/auth/cognito',
  ),
  works(
    'DefaultIdentityIdStore',
    "Amplify's interface: `setAuthConfig`, `loadIdentityId`, `storeIdentityId`, `clearIdentityId` (identity.test)",
    'cognate-auth/auth/cognito',
  ),
  works('Hub', "`auth` events compared with Amplify's (differential tests)", 'cognate-auth/utils'),
  works('parseAmplifyConfig', 'through `Amplify.configure`', 'cognate-auth/utils'),
  works('CookieStorage', 'with `ssr: true` (server.test)', 'cognate-auth/utils'),
  works('defaultStorage', 'memory where there is no localStorage (storage.test)', 'cognate-auth/utils'),
  works('sessionStorage', 'memory where there is no sessionStorage (storage.test)', 'cognate-auth/utils'),
  works('InMemoryStorage', 'storage.test', 'cognate-auth/utils'),
  works('sharedInMemoryStorage', 'storage.test', 'cognate-auth/utils'),
];

// ---- Server side and identity pools (issue 4): kept as a separate block. ----
const ADAPTER = 'cognate-auth/adapter-core';
const SERVER = 'cognate-auth/auth/server';
SUPPORTED_APIS.push(
  works(
    'fetchAuthSession: credentials, identityId',
    'identity pools: guest credentials, guest id kept at sign-in, cached until 5 min before expiry, new on forceRefresh, cleared at sign-out; same observations as aws-amplify; the default provider is installed by `Amplify.configure` from `cognate-auth`, as aws-amplify installs it with `Amplify` from `aws-amplify` (identity.test, bundle-size.test)',
  ),
  works(
    'runWithAmplifyServerContext',
    'isolated per-request context; a spec used outside it, or a client API inside it, throws `AmplifyServerContextError` (server.test)',
    ADAPTER,
  ),
  works(
    'createKeyValueStorageFromCookieStorageAdapter',
    "Amplify's cookie names and attributes; values over 4 KB split into `<name>.0…` (cookie-kv.test, server.test)",
    ADAPTER,
  ),
  works(
    'createUserPoolsTokenProvider',
    'verifies tokens by default (RS256 via JWKS, iss, token_use, client id); refreshes expired ones and writes them back (server.test, server-interop.test)',
    ADAPTER,
  ),
  works('createAWSCredentialsAndIdentityIdProvider', "guest id in Amplify's cookie (identity.test)", ADAPTER),
  works(
    'UserPoolTokenVerifier',
    'not in Amplify: the WebCrypto verifier (strict RS256 JWS, no `crit`), its own JWKS cache per instance (pinned `jwks` final; refetch for an unknown `kid` and retry after a failed fetch at most every 10 s); also exported as `CognitoJwtVerifier`, deprecated (jwt-verifier.test)',
    'cognate-auth/node',
  ),
  works('fetchAuthSession', 'server.test, identity.test', SERVER),
  works('getCurrentUser', 'server.test', SERVER),
  works('fetchUserAttributes', 'server.test', SERVER),
  works(
    'createServerRunner',
    'not in Amplify: Node `http` (`runWithAmplifyServerContext({request, response, operation})`, `auth(req, res)`), Express (`express()` → lazy `req.auth`), Fetch (`fetch(handler)`) (server.test)',
    'cognate-auth/node',
  ),
);

// ---- Next.js (issue 5): kept as a separate block. ----
const NEXTJS = 'cognate-auth/nextjs';
SUPPORTED_APIS.push(
  works(
    'createServerRunner',
    "Amplify's adapter-nextjs API for Next 15 and 16; `runWithAmplifyServerContext({ nextServerContext, operation })` with `{ cookies }` (Server Components read-only: no refresh; Server Actions write), `{ request, response }` (middleware / proxy, route handlers; refreshed tokens written back), Pages Router `{ request: req, response: res }`, `null`; HttpOnly `SameSite=Strict` token cookies once the app origin is set (nextjs.test, e2e-nextjs.test)",
    NEXTJS,
  ),
  works(
    'createAuthRouteHandlers',
    'server-side hosted UI flows at /api/auth/{sign-in,sign-up,sign-in-callback,sign-out,sign-out-callback}: state + PKCE in 5-minute HttpOnly cookies, code exchange, revoke + /logout; replayed or forged state and redirects off the app origin refused; a code the pool refuses is a 400 page; sign-out only from the app (`Sec-Fetch-Site`, `Origin`); not in Amplify: `?redirect=/path` (nextjs.test, e2e-nextjs.test in Chromium with examples/nextjs and examples/nextjs-15)',
    NEXTJS,
  ),
);

// ---- The Amplify ecosystem: Amplify UI and the rest of Amplify's public surface (issue 10): kept as a separate block. ----
const UTILS = 'cognate-auth/utils';
const COGNITO = 'cognate-auth/auth/cognito';
SUPPORTED_APIS.push(
  works(
    'Hub: other tabs',
    "another tab's sign-in, sign-out and token writes as `crossTab` events, to listeners with `enableCrossTabEvents` only; compared in Chromium with the same app on aws-amplify (e2e-react-vite.test)",
    UTILS,
  ),
  works(
    'I18n',
    '`putVocabularies`, `putVocabulariesForLanguage`, `setLanguage`, `get` with the base-language and fallback rules; compared with Amplify (amplify-utils.test)',
    UTILS,
  ),
  works('ConsoleLogger', 'same lines, levels and console methods as Amplify, `LOG_LEVEL` (amplify-utils.test)', UTILS),
  works(
    'Cache',
    "Amplify's storage layout, expiry, priorities; compared with Amplify (amplify-utils.test). When full it evicts expired, then low-priority, least recently read items; Amplify 6.22 refuses new items instead",
    UTILS,
  ),
  works('ServiceWorker', "`register` with `onStateChange`, `send`, the missing-file error; beside Amplify's in Chromium (browser-service-worker.test)", UTILS),
  works(
    'refreshAuthTokens',
    'deduped while in flight; `refreshAuthTokensWithoutDedupe` too; compared with Amplify against cognate-local (amplify-utils.test)',
    COGNITO,
  ),
  works(
    'generateCodeVerifier',
    'RFC 7636 S256, synchronous `toCodeChallenge`; `generateState`, `getRedirectUrl`, `validateState` too (amplify-utils.test); also from `cognate-auth/adapter-core`',
    COGNITO,
  ),
  works('createConfigurationBuilder', "`from`, `add`, `patch`, `build`; compared with Amplify's (amplify-utils.test)", 'cognate-auth'),
  works(
    'clearCredentials',
    "`@aws-amplify/core`'s, with `syncSessionStorage`: a new guest identity afterwards, as Amplify (amplify-utils.test)",
    'cognate-auth/compat/core',
  ),
  works(
    'createAmplifyContext',
    'a context of its own (parsed, frozen, branded; own token and credentials providers over `localStorage` or, with `ssr: true`, cookies; no Hub event, the global context untouched), taken as the first argument by the 25 auth APIs that take one in Amplify 6.22; two users signed in side by side in two contexts, compared with Amplify (amplify-context.test)',
    'cognate-auth',
  ),
  works(
    '@aws-amplify/ui-react: Authenticator, AccountSettings',
    'Amplify UI through the README alias recipes, with `cognate-auth/compat/core`, `cognate-auth/compat/core/internals/utils` and `cognate-auth/compat/storage` (auth only: its functions reject); examples/react-vite in Chromium (e2e-react-vite.test); Vite, webpack, esbuild and Next.js builds (amplify-ui-aliases.test)',
    'cognate-auth/compat/core',
  ),
);

const API = 'cognate-auth/api';
const API_SERVER = 'cognate-auth/api/server';
SUPPORTED_APIS.push(
  works(
    'get, post, put, del, head, patch',
    "REST APIs from `API.REST` (Gen 1 `aws_cloud_logic_custom`; Gen 2 `custom.API` merged as Amplify's docs show): JSON bodies, query params, headers, `{ response, cancel }`; SigV4 with guest or signed-in identity-pool credentials, unsigned with an `Authorization` header (user-pool tokens) or without credentials; checked by the AWS SDK's signer and Amplify's retries (5xx, 429, 3 attempts, `retryStrategy`); compared with aws-amplify/api (api-rest.test); end to end behind cognate-local's API Gateway with the same calling code as aws-amplify/api: guest and signed-in IAM, an ID token, access tokens without and with the required scope, expired credentials, tampered signatures (api-e2e.test)",
    API,
  ),
  works(
    'isCancelError, RestApiError, CanceledError',
    "Amplify's names, messages, `response` and `$metadata` for 4xx answers and cancels (api-rest.test; the gateway's 401 and 403 answers: api-e2e.test)",
    API,
  ),
  works(
    'get, post, put, del, head, patch',
    "`contextSpec` first; signed with that request's session and credentials, guest or from its cookies (api-rest.test)",
    API_SERVER,
  ),
);
