/**
 * Message text for delivered codes, through the pool's CustomMessage trigger when it has one. The
 * trigger answers with templates holding `{####}` (and `{username}` for invitations), as in Cognito.
 */
import type { Services } from '../context.js';
import { CognitoError } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { runTrigger, triggerAttributes } from './triggers.js';

const SOURCES: Record<string, string> = {
  SignUp: 'CustomMessage_SignUp',
  ResendCode: 'CustomMessage_ResendCode',
  ForgotPassword: 'CustomMessage_ForgotPassword',
  VerifyUserAttribute: 'CustomMessage_VerifyUserAttribute',
  UpdateUserAttribute: 'CustomMessage_UpdateUserAttribute',
  AdminCreateUser: 'CustomMessage_AdminCreateUser',
  Authentication: 'CustomMessage_Authentication',
};

export async function composeMessage(
  ctx: Services,
  pool: UserPool,
  user: UserRecord,
  kind: string,
  medium: 'EMAIL' | 'SMS',
  code: string,
  fallback: string,
  clientId?: string,
): Promise<{ message: string; subject?: string }> {
  const source = SOURCES[kind];
  if (!source) return { message: fallback };
  const response = await runTrigger(ctx, pool, 'CustomMessage', {
    triggerSource: source,
    userName: user.username,
    ...(clientId ? { clientId } : {}),
    request: {
      userAttributes: triggerAttributes(user),
      codeParameter: '{####}',
      usernameParameter: kind === 'AdminCreateUser' ? '{username}' : null,
      linkParameter: '{##Click Here##}',
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return { message: fallback };
  const template = medium === 'EMAIL' ? response.emailMessage : response.smsMessage;
  if (template === null || template === undefined) return { message: fallback };
  if (typeof template !== 'string' || !template.includes('{####}')) {
    throw new CognitoError('InvalidLambdaResponseException', 'Invalid CustomMessage Lambda response: the message must contain {####}.');
  }
  const message = template.replaceAll('{####}', code).replaceAll('{username}', user.username);
  const subject = typeof response.emailSubject === 'string' ? response.emailSubject : undefined;
  return { message, ...(subject ? { subject } : {}) };
}
