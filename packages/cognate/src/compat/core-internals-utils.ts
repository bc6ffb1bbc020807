/**
 * `cognate-auth/compat/core/internals/utils`: the names of `@aws-amplify/core/internals/utils` that
 * libraries built on Amplify import (Amplify UI: `setCustomUserAgent`, the category and action
 * enums, `AmplifyErrorCode`), for a bundler alias. The enums carry Amplify's values. cognate sends
 * its own user agent, so `setCustomUserAgent` records nothing and returns its no-op remover.
 */
import { AuthAction as NumericAuthAction } from '../client/auth-action.js';

export { Hub as HubInternal } from '../hub/hub.js';
export { decodeJWT } from '../apis/decode-jwt.js';
export { parseAmplifyConfig } from '../config/parse-amplify-config.js';
export { urlSafeDecode, urlSafeEncode } from '../oauth/pkce.js';
export { randomString as generateRandomString } from '../oauth/pkce.js';

export const AmplifyErrorCode = {
  NoEndpointId: 'NoEndpointId',
  PlatformNotSupported: 'PlatformNotSupported',
  Unknown: 'Unknown',
  NetworkError: 'NetworkError',
} as const;

export const Category = {
  AI: 'ai',
  API: 'api',
  Auth: 'auth',
  Analytics: 'analytics',
  DataStore: 'datastore',
  Geo: 'geo',
  InAppMessaging: 'inappmessaging',
  Interactions: 'interactions',
  Predictions: 'predictions',
  PubSub: 'pubsub',
  PushNotification: 'pushnotification',
  Storage: 'storage',
} as const;

/** Amplify's string-valued `AuthAction`, made from the client's numeric one (`client/auth-action.ts`): one list of actions. */
export const AuthAction = Object.fromEntries(
  Object.entries(NumericAuthAction)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => [name, String(value)]),
) as { readonly [Name in keyof typeof NumericAuthAction]: `${(typeof NumericAuthAction)[Name]}` };

export const AiAction = {
  CreateConversation: '1',
  GetConversation: '2',
  ListConversations: '3',
  DeleteConversation: '4',
  SendMessage: '5',
  ListMessages: '6',
  OnMessage: '7',
  Generation: '8',
  UpdateConversation: '9',
} as const;

export const AnalyticsAction = { Record: '1', IdentifyUser: '2' } as const;
export const ApiAction = { GraphQl: '1', Get: '2', Post: '3', Put: '4', Patch: '5', Del: '6', Head: '7' } as const;
export const DataStoreAction = { Subscribe: '1', GraphQl: '2' } as const;
export const GeoAction = {
  SearchByText: '0',
  SearchByCoordinates: '1',
  SearchForSuggestions: '2',
  SearchByPlaceId: '3',
  SaveGeofences: '4',
  GetGeofence: '5',
  ListGeofences: '6',
  DeleteGeofences: '7',
} as const;
export const InAppMessagingAction = { SyncMessages: '1', IdentifyUser: '2', NotifyMessageInteraction: '3' } as const;
export const InteractionsAction = { None: '0' } as const;
export const PredictionsAction = { Convert: '1', Identify: '2', Interpret: '3' } as const;
export const PubSubAction = { Subscribe: '1' } as const;
export const PushNotificationAction = { InitializePushNotifications: '1', IdentifyUser: '2', RegisterDevice: '3', RemoveDevice: '4' } as const;
export const StorageAction = {
  UploadData: '1',
  DownloadData: '2',
  List: '3',
  Copy: '4',
  Remove: '5',
  GetProperties: '6',
  GetUrl: '7',
  GetDataAccess: '8',
  ListCallerAccessGrants: '9',
} as const;

/** `{ category, apis, additionalDetails }` as Amplify UI passes it. */
export interface CustomUserAgentInput {
  category: string;
  apis: string[];
  additionalDetails: [string, string?][];
}

export function setCustomUserAgent(_input: CustomUserAgentInput): () => void {
  return () => {};
}

/** Whether this runs in a browser page (Amplify's `isBrowser`). */
export const isBrowser = (): boolean => typeof window !== 'undefined' && typeof window.document !== 'undefined';
