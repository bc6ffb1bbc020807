/**
 * The operation registry: every Cognito user-pool operation name, and the handler for those
 * cognate-local implements. Known but unimplemented operations answer 400
 * UnsupportedOperationException (never 5xx, which clients would retry); unknown names answer
 * UnknownOperationException. The README's support table is generated from this file.
 */
import type { Operation } from './context.js';
import * as adminUsers from './operations/admin-users.js';
import { adminResetUserPassword } from './operations/admin-reset-user-password.js';
import { changePassword } from './operations/change-password.js';
import { confirmForgotPassword } from './operations/confirm-forgot-password.js';
import { confirmSignUp } from './operations/confirm-sign-up.js';
import { deleteUser } from './operations/delete-user.js';
import { deleteUserAttributes } from './operations/delete-user-attributes.js';
import { forgotPassword } from './operations/forgot-password.js';
import { getUserAttributeVerificationCode } from './operations/get-user-attribute-verification-code.js';
import { updateUserAttributes } from './operations/update-user-attributes.js';
import { verifyUserAttribute } from './operations/verify-user-attribute.js';
import { getTokensFromRefreshToken } from './operations/get-tokens-from-refresh-token.js';
import { getUser } from './operations/get-user.js';
import { globalSignOut } from './operations/global-sign-out.js';
import { adminInitiateAuth, initiateAuth } from './operations/initiate-auth.js';
import { resendConfirmationCode } from './operations/resend-confirmation-code.js';
import { adminRespondToAuthChallenge, respondToAuthChallenge } from './operations/respond-to-auth-challenge.js';
import * as devices from './operations/devices.js';
import * as groups from './operations/groups.js';
import * as mfa from './operations/mfa-preferences.js';
import { associateSoftwareToken, verifySoftwareToken } from './operations/software-token.js';
import * as webauthn from './operations/webauthn.js';
import * as oauth from './operations/oauth-setup.js';
import { revokeToken } from './operations/revoke-token.js';
import { signUp } from './operations/sign-up.js';
import * as clients from './operations/user-pool-clients.js';
import * as pools from './operations/user-pools.js';
import * as tags from './operations/tags.js';
import * as clientSecrets from './operations/client-secrets.js';
import { getSigningCertificate } from './operations/signing-certificate.js';
import { adminSetUserSettings, setUserSettings } from './operations/user-settings.js';
import { getUserAuthFactors } from './operations/get-user-auth-factors.js';
import { adminDisableProviderForUser, adminLinkProviderForUser } from './operations/link-provider.js';
import * as authEvents from './operations/auth-events.js';
import { describeRiskConfiguration, setRiskConfiguration } from './operations/risk.js';
import * as userImport from './operations/user-import.js';
import * as uiCustomization from './operations/ui-customization.js';
import * as branding from './operations/branding.js';
import * as terms from './operations/terms.js';
import * as logDelivery from './operations/log-delivery.js';
import * as sessions from './operations/user-sessions.js';
import * as replicas from './operations/user-pool-replicas.js';
import * as limits from './operations/provisioned-limits.js';
import { adminDeleteSoftwareToken } from './operations/admin-delete-software-token.js';
import { adminGetUserAuthFactors } from './operations/admin-get-user-auth-factors.js';
import { describeTermsByClient } from './operations/describe-terms-by-client.js';
import { getClientToken } from './operations/get-client-token.js';

export interface OperationEntry {
  handler: Operation;
  /**
   * Who may call it, as on AWS. `'none'`: a public operation that clients (Amplify, browsers) call
   * unsigned, authorised by a client id, Session or AccessToken in the body; browsers on any origin
   * may call it (CORS). Absent means `'sigv4'`: an IAM (admin or management) operation that needs a
   * SigV4-signed request and refuses cross-site browser requests (see handler.ts).
   */
  auth?: 'none' | 'sigv4';
  /** What the support table says beyond "works", e.g. flows not yet covered. */
  note?: string;
}

export const USER_POOL_OPERATIONS: Record<string, OperationEntry> = {
  CreateUserPool: { handler: pools.createUserPool },
  DescribeUserPool: { handler: pools.describeUserPool },
  UpdateUserPool: { handler: pools.updateUserPool },
  ListUserPools: { handler: pools.listUserPools },
  DeleteUserPool: { handler: pools.deleteUserPool },
  AddCustomAttributes: { handler: pools.addCustomAttributes },
  CreateUserPoolClient: { handler: clients.createUserPoolClient },
  DescribeUserPoolClient: { handler: clients.describeUserPoolClient },
  UpdateUserPoolClient: { handler: clients.updateUserPoolClient },
  DeleteUserPoolClient: { handler: clients.deleteUserPoolClient },
  ListUserPoolClients: { handler: clients.listUserPoolClients },
  SignUp: { auth: 'none', handler: signUp },
  ConfirmSignUp: { auth: 'none', handler: confirmSignUp },
  ResendConfirmationCode: { auth: 'none', handler: resendConfirmationCode },
  AdminCreateUser: { handler: adminUsers.adminCreateUser },
  AdminConfirmSignUp: { handler: adminUsers.adminConfirmSignUp },
  AdminGetUser: { handler: adminUsers.adminGetUser },
  AdminDeleteUser: { handler: adminUsers.adminDeleteUser },
  AdminSetUserPassword: { handler: adminUsers.adminSetUserPassword },
  AdminUpdateUserAttributes: { handler: adminUsers.adminUpdateUserAttributes },
  AdminDeleteUserAttributes: { handler: adminUsers.adminDeleteUserAttributes },
  AdminDisableUser: { handler: adminUsers.adminDisableUser },
  AdminEnableUser: { handler: adminUsers.adminEnableUser },
  AdminUserGlobalSignOut: { handler: adminUsers.adminUserGlobalSignOut },
  ListUsers: { handler: adminUsers.listUsers },
  GetUser: { auth: 'none', handler: getUser },
  CreateGroup: { handler: groups.createGroup },
  GetGroup: { handler: groups.getGroup },
  UpdateGroup: { handler: groups.updateGroup },
  DeleteGroup: { handler: groups.deleteGroup },
  ListGroups: { handler: groups.listGroups },
  AdminAddUserToGroup: { handler: groups.adminAddUserToGroup, note: 'members get cognito:groups, cognito:roles and cognito:preferred_role in their tokens' },
  AdminRemoveUserFromGroup: { handler: groups.adminRemoveUserFromGroup },
  AdminListGroupsForUser: { handler: groups.adminListGroupsForUser },
  ListUsersInGroup: { handler: groups.listUsersInGroup },
  InitiateAuth: {
    auth: 'none',
    handler: initiateAuth,
    note: 'USER_SRP_AUTH, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, CUSTOM_AUTH (with and without SRP), USER_AUTH (PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN)',
  },
  AdminInitiateAuth: { handler: adminInitiateAuth, note: 'ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, REFRESH_TOKEN_AUTH, CUSTOM_AUTH' },
  RespondToAuthChallenge: {
    auth: 'none',
    handler: respondToAuthChallenge,
    note: 'PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, SMS_OTP, WEB_AUTHN',
  },
  AdminRespondToAuthChallenge: { handler: adminRespondToAuthChallenge },
  GetTokensFromRefreshToken: { auth: 'none', handler: getTokensFromRefreshToken, note: 'with refresh-token rotation' },
  GlobalSignOut: { auth: 'none', handler: globalSignOut },
  RevokeToken: { auth: 'none', handler: revokeToken },
  ForgotPassword: { auth: 'none', handler: forgotPassword },
  ConfirmForgotPassword: { auth: 'none', handler: confirmForgotPassword },
  ChangePassword: { auth: 'none', handler: changePassword },
  AdminResetUserPassword: { handler: adminResetUserPassword },
  UpdateUserAttributes: { auth: 'none', handler: updateUserAttributes },
  VerifyUserAttribute: { auth: 'none', handler: verifyUserAttribute },
  GetUserAttributeVerificationCode: { auth: 'none', handler: getUserAttributeVerificationCode },
  DeleteUserAttributes: { auth: 'none', handler: deleteUserAttributes },
  DeleteUser: { auth: 'none', handler: deleteUser },
  AssociateSoftwareToken: { auth: 'none', handler: associateSoftwareToken, note: 'with AccessToken or an MFA_SETUP Session' },
  VerifySoftwareToken: { auth: 'none', handler: verifySoftwareToken, note: 'with AccessToken or an MFA_SETUP Session' },
  SetUserMFAPreference: { auth: 'none', handler: mfa.setUserMFAPreference },
  AdminSetUserMFAPreference: { handler: mfa.adminSetUserMFAPreference },
  SetUserPoolMfaConfig: { handler: mfa.setUserPoolMfaConfig },
  GetUserPoolMfaConfig: { handler: mfa.getUserPoolMfaConfig },
  ConfirmDevice: { auth: 'none', handler: devices.confirmDevice },
  UpdateDeviceStatus: { auth: 'none', handler: devices.updateDeviceStatus },
  AdminUpdateDeviceStatus: { handler: devices.adminUpdateDeviceStatus },
  ListDevices: { auth: 'none', handler: devices.listDevices },
  AdminListDevices: { handler: devices.adminListDevices },
  GetDevice: { auth: 'none', handler: devices.getDevice },
  AdminGetDevice: { handler: devices.adminGetDevice },
  ForgetDevice: { auth: 'none', handler: devices.forgetDevice },
  AdminForgetDevice: { handler: devices.adminForgetDevice },
  StartWebAuthnRegistration: { auth: 'none', handler: webauthn.startWebAuthnRegistration },
  CompleteWebAuthnRegistration: { auth: 'none', handler: webauthn.completeWebAuthnRegistration },
  ListWebAuthnCredentials: { auth: 'none', handler: webauthn.listWebAuthnCredentials },
  DeleteWebAuthnCredential: { auth: 'none', handler: webauthn.deleteWebAuthnCredential },
  CreateUserPoolDomain: { handler: oauth.createUserPoolDomain, note: "served on cognate-local's own origin" },
  DescribeUserPoolDomain: { handler: oauth.describeUserPoolDomain },
  UpdateUserPoolDomain: { handler: oauth.updateUserPoolDomain },
  DeleteUserPoolDomain: { handler: oauth.deleteUserPoolDomain },
  CreateResourceServer: { handler: oauth.createResourceServer },
  DescribeResourceServer: { handler: oauth.describeResourceServer },
  UpdateResourceServer: { handler: oauth.updateResourceServer },
  DeleteResourceServer: { handler: oauth.deleteResourceServer },
  ListResourceServers: { handler: oauth.listResourceServers },
  CreateIdentityProvider: { handler: oauth.createIdentityProvider, note: 'every provider is played by the built-in mock OIDC provider' },
  DescribeIdentityProvider: { handler: oauth.describeIdentityProvider },
  UpdateIdentityProvider: { handler: oauth.updateIdentityProvider },
  DeleteIdentityProvider: { handler: oauth.deleteIdentityProvider },
  ListIdentityProviders: { handler: oauth.listIdentityProviders },
  GetIdentityProviderByIdentifier: { handler: oauth.getIdentityProviderByIdentifier },
  TagResource: { handler: tags.tagResource, note: 'user pool ARNs; also UserPoolTags on Create/Update/DescribeUserPool' },
  UntagResource: { handler: tags.untagResource },
  ListTagsForResource: { handler: tags.listTagsForResource },
  AddUserPoolClientSecret: { handler: clientSecrets.addUserPoolClientSecret, note: 'up to 2 secrets; both accepted for SECRET_HASH and at /oauth2/token' },
  ListUserPoolClientSecrets: { handler: clientSecrets.listUserPoolClientSecrets },
  DeleteUserPoolClientSecret: { handler: clientSecrets.deleteUserPoolClientSecret },
  GetSigningCertificate: { handler: getSigningCertificate, note: "a self-signed X.509 certificate for the pool's RSA signing key" },
  SetUserSettings: { auth: 'none', handler: setUserSettings, note: 'legacy MFAOptions: SMS MFA on or off' },
  AdminSetUserSettings: { handler: adminSetUserSettings, note: 'legacy MFAOptions: SMS MFA on or off' },
  GetUserAuthFactors: { auth: 'none', handler: getUserAuthFactors },
  AdminLinkProviderForUser: { handler: adminLinkProviderForUser, note: 'a linked identity signs in through the hosted UI as the linked user' },
  AdminDisableProviderForUser: {
    handler: adminDisableProviderForUser,
    note: "with ProviderName Cognito, the native user's own sign-in stops (AdminEnableUser restores it)",
  },
  AdminListUserAuthEvents: {
    handler: authEvents.adminListUserAuthEvents,
    note: 'sign-in and sign-up events are recorded when AdvancedSecurityMode is AUDIT or ENFORCED; the IP is the forwarded ContextData/UserContextData IpAddress',
  },
  AdminUpdateAuthEventFeedback: { handler: authEvents.adminUpdateAuthEventFeedback },
  UpdateAuthEventFeedback: { auth: 'none', handler: authEvents.updateAuthEventFeedback, note: 'the feedback token comes in the risk notification email' },
  SetRiskConfiguration: {
    handler: setRiskConfiguration,
    note: 'honoured with AdvancedSecurityMode ENFORCED: BlockedIPRangeList, SkippedIPRangeList, compromised-credentials BLOCK (a built-in list of breached passwords, password flows only); account-takeover actions are stored only',
  },
  DescribeRiskConfiguration: { handler: describeRiskConfiguration },
  GetCSVHeader: { handler: userImport.getCSVHeader },
  CreateUserImportJob: { handler: userImport.createUserImportJob, note: 'the PreSignedUrl is served by cognate-local (PUT the CSV to it)' },
  StartUserImportJob: { handler: userImport.startUserImportJob, note: 'imported users are in RESET_REQUIRED with no password' },
  StopUserImportJob: { handler: userImport.stopUserImportJob },
  DescribeUserImportJob: { handler: userImport.describeUserImportJob },
  ListUserImportJobs: { handler: userImport.listUserImportJobs },
  SetUICustomization: { handler: uiCustomization.setUICustomization, note: 'CSS checked against the documented classes; the hosted sign-in page applies it' },
  GetUICustomization: { handler: uiCustomization.getUICustomization },
  CreateManagedLoginBranding: {
    handler: branding.createManagedLoginBranding,
    note: 'stored and returned; the hosted pages do not render managed login styles',
  },
  UpdateManagedLoginBranding: { handler: branding.updateManagedLoginBranding },
  DeleteManagedLoginBranding: { handler: branding.deleteManagedLoginBranding },
  DescribeManagedLoginBranding: {
    handler: branding.describeManagedLoginBranding,
    note: 'ReturnMergedResources returns the stored values (no Cognito defaults to merge)',
  },
  DescribeManagedLoginBrandingByClient: { handler: branding.describeManagedLoginBrandingByClient },
  CreateTerms: { handler: terms.createTerms, note: 'stored and returned; the hosted pages do not show them' },
  UpdateTerms: { handler: terms.updateTerms },
  DeleteTerms: { handler: terms.deleteTerms },
  DescribeTerms: { handler: terms.describeTerms },
  ListTerms: { handler: terms.listTerms },
  SetLogDeliveryConfiguration: { handler: logDelivery.setLogDeliveryConfiguration, note: 'stored and returned; no logs are delivered' },
  GetLogDeliveryConfiguration: { handler: logDelivery.getLogDeliveryConfiguration },
  AdminDeleteSoftwareToken: { handler: adminDeleteSoftwareToken },
  AdminGetUserAuthFactors: { handler: adminGetUserAuthFactors },
  DescribeTermsByClient: { handler: describeTermsByClient },
  GetClientToken: { auth: 'none', handler: getClientToken, note: 'app clients with a secret and ALLOW_CLIENT_TOKEN_AUTH; custom scopes of resource servers' },
  SetUserPoolSessionConfiguration: {
    handler: sessions.setUserPoolSessionConfiguration,
    note: 'MaxPerUser is honoured at sign-in: the oldest token sessions beyond it are revoked',
  },
  GetUserPoolSessionConfiguration: { handler: sessions.getUserPoolSessionConfiguration },
  SetUserPoolClientSessionConfiguration: {
    handler: sessions.setUserPoolClientSessionConfiguration,
    note: 'stored and returned; the hosted UI session is not limited by it',
  },
  GetUserPoolClientSessionConfiguration: { handler: sessions.getUserPoolClientSessionConfiguration },
  ListUserSessions: { auth: 'none', handler: sessions.listUserSessions, note: 'token sessions (one per sign-in); no SSO sessions' },
  AdminListUserSessions: { handler: sessions.adminListUserSessions, note: 'token sessions (one per sign-in); no SSO sessions' },
  RevokeUserSession: { auth: 'none', handler: sessions.revokeUserSession, note: "revokes the session's refresh and access tokens" },
  AdminRevokeUserSession: { handler: sessions.adminRevokeUserSession, note: "revokes the session's refresh and access tokens" },
  CreateUserPoolReplica: { handler: replicas.createUserPoolReplica, note: 'recorded only: one local server serves the pool' },
  ListUserPoolReplicas: { handler: replicas.listUserPoolReplicas },
  UpdateUserPoolReplica: { handler: replicas.updateUserPoolReplica },
  DeleteUserPoolReplica: { handler: replicas.deleteUserPoolReplica },
  GetProvisionedLimit: { handler: limits.getProvisionedLimit, note: "Cognito's default quotas; not enforced" },
  UpdateProvisionedLimit: { handler: limits.updateProvisionedLimit, note: 'stored and returned; not enforced' },
};

/** Every operation of the Cognito user pools API (AWSCognitoIdentityProviderService). */
export const ALL_USER_POOL_OPERATIONS = [
  'AddCustomAttributes',
  'AddUserPoolClientSecret',
  'AdminAddUserToGroup',
  'AdminConfirmSignUp',
  'AdminCreateUser',
  'AdminDeleteSoftwareToken',
  'AdminDeleteUser',
  'AdminDeleteUserAttributes',
  'AdminDisableProviderForUser',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminForgetDevice',
  'AdminGetDevice',
  'AdminGetUser',
  'AdminGetUserAuthFactors',
  'AdminInitiateAuth',
  'AdminLinkProviderForUser',
  'AdminListDevices',
  'AdminListGroupsForUser',
  'AdminListUserAuthEvents',
  'AdminListUserSessions',
  'AdminRemoveUserFromGroup',
  'AdminResetUserPassword',
  'AdminRespondToAuthChallenge',
  'AdminRevokeUserSession',
  'AdminSetUserMFAPreference',
  'AdminSetUserPassword',
  'AdminSetUserSettings',
  'AdminUpdateAuthEventFeedback',
  'AdminUpdateDeviceStatus',
  'AdminUpdateUserAttributes',
  'AdminUserGlobalSignOut',
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmDevice',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'CreateGroup',
  'CreateIdentityProvider',
  'CreateManagedLoginBranding',
  'CreateResourceServer',
  'CreateTerms',
  'CreateUserImportJob',
  'CreateUserPool',
  'CreateUserPoolClient',
  'CreateUserPoolDomain',
  'CreateUserPoolReplica',
  'DeleteGroup',
  'DeleteIdentityProvider',
  'DeleteManagedLoginBranding',
  'DeleteResourceServer',
  'DeleteTerms',
  'DeleteUser',
  'DeleteUserAttributes',
  'DeleteUserPool',
  'DeleteUserPoolClient',
  'DeleteUserPoolClientSecret',
  'DeleteUserPoolDomain',
  'DeleteUserPoolReplica',
  'DeleteWebAuthnCredential',
  'DescribeIdentityProvider',
  'DescribeManagedLoginBranding',
  'DescribeManagedLoginBrandingByClient',
  'DescribeResourceServer',
  'DescribeRiskConfiguration',
  'DescribeTerms',
  'DescribeTermsByClient',
  'DescribeUserImportJob',
  'DescribeUserPool',
  'DescribeUserPoolClient',
  'DescribeUserPoolDomain',
  'ForgetDevice',
  'ForgotPassword',
  'GetCSVHeader',
  'GetClientToken',
  'GetDevice',
  'GetGroup',
  'GetIdentityProviderByIdentifier',
  'GetLogDeliveryConfiguration',
  'GetProvisionedLimit',
  'GetSigningCertificate',
  'GetTokensFromRefreshToken',
  'GetUICustomization',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GetUserAuthFactors',
  'GetUserPoolClientSessionConfiguration',
  'GetUserPoolMfaConfig',
  'GetUserPoolSessionConfiguration',
  'GlobalSignOut',
  'InitiateAuth',
  'ListDevices',
  'ListGroups',
  'ListIdentityProviders',
  'ListResourceServers',
  'ListTagsForResource',
  'ListTerms',
  'ListUserImportJobs',
  'ListUserPoolClientSecrets',
  'ListUserPoolClients',
  'ListUserPoolReplicas',
  'ListUserPools',
  'ListUserSessions',
  'ListUsers',
  'ListUsersInGroup',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'RevokeUserSession',
  'SetLogDeliveryConfiguration',
  'SetRiskConfiguration',
  'SetUICustomization',
  'SetUserMFAPreference',
  'SetUserPoolClientSessionConfiguration',
  'SetUserPoolMfaConfig',
  'SetUserPoolSessionConfiguration',
  'SetUserSettings',
  'SignUp',
  'StartUserImportJob',
  'StartWebAuthnRegistration',
  'StopUserImportJob',
  'TagResource',
  'UntagResource',
  'UpdateAuthEventFeedback',
  'UpdateDeviceStatus',
  'UpdateGroup',
  'UpdateIdentityProvider',
  'UpdateManagedLoginBranding',
  'UpdateProvisionedLimit',
  'UpdateResourceServer',
  'UpdateTerms',
  'UpdateUserAttributes',
  'UpdateUserPool',
  'UpdateUserPoolClient',
  'UpdateUserPoolDomain',
  'UpdateUserPoolReplica',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
] as const;
