/**
 * Authentication events and risk configuration through the AWS SDK: sign-ins recorded as
 * AdminListUserAuthEvents shows them (newest first, paged, with the forwarded IP and user agent),
 * feedback stored (admin, and the user's with the feedback token from the risk notification), and
 * SetRiskConfiguration honoured: blocked IP ranges, skipped ranges, breached passwords.
 */
import {
  AdminListUserAuthEventsCommand,
  AdminInitiateAuthCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeRiskConfigurationCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, errorName, errorOf, sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await start();
  idp = sdk(server.url);
});
afterAll(() => server?.close());

const FLOWS = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

async function setup(mode: 'ENFORCED' | 'AUDIT' | 'OFF' = 'ENFORCED') {
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({ PoolName: 'risk', UserPoolAddOns: { AdvancedSecurityMode: mode }, Policies: { PasswordPolicy: { MinimumLength: 8 } } }),
  );
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: FLOWS }));
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

async function addUser(poolId: string, username: string, password: string) {
  await call(server.url, 'AdminCreateUser', {
    UserPoolId: poolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: password, Permanent: true });
}

function adminSignIn(poolId: string, clientId: string, username: string, password: string, ip: string, agent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120') {
  return idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ContextData: { IpAddress: ip, ServerName: 'app.example', ServerPath: '/login', HttpHeaders: [{ headerName: 'User-Agent', headerValue: agent }] },
    }),
  );
}

const events = (poolId: string, username: string, extra: { MaxResults?: number; NextToken?: string } = {}) =>
  idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username, ...extra }));

describe('authentication events', () => {
  it('records sign-ins newest first, pages them, and keeps admin feedback', async () => {
    const { poolId, clientId } = await setup();
    await addUser(poolId, 'ivy', 'Str0ng-and-long-pass');
    expect(await errorName(adminSignIn(poolId, clientId, 'ivy', 'Wrong-password-1', '198.51.100.7'))).toBe('NotAuthorizedException');
    await adminSignIn(poolId, clientId, 'ivy', 'Str0ng-and-long-pass', '198.51.100.8');

    const { AuthEvents, NextToken } = await events(poolId, 'ivy');
    expect(NextToken).toBeUndefined();
    expect(AuthEvents!.map(e => [e.EventType, e.EventResponse])).toEqual([
      ['SignIn', 'Pass'],
      ['SignIn', 'Fail'],
    ]);
    const [pass, fail] = AuthEvents!;
    expect(pass!.EventContextData).toMatchObject({ IpAddress: '198.51.100.8', DeviceName: expect.stringContaining('Chrome/120') });
    expect(fail!.EventContextData!.IpAddress).toBe('198.51.100.7');
    expect(pass!.ChallengeResponses).toEqual([{ ChallengeName: 'Password', ChallengeResponse: 'Success' }]);
    expect(fail!.ChallengeResponses).toEqual([{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }]);
    expect(pass!.EventRisk).toMatchObject({ RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false });
    expect(pass!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(pass!.CreationDate).toBeInstanceOf(Date);

    const first = await events(poolId, 'ivy', { MaxResults: 1 });
    expect(first.AuthEvents!.map(e => e.EventId)).toEqual([pass!.EventId]);
    expect(first.NextToken).toBeTruthy();
    const second = await events(poolId, 'ivy', { MaxResults: 1, NextToken: first.NextToken! });
    expect(second.AuthEvents!.map(e => e.EventId)).toEqual([fail!.EventId]);
    expect(second.NextToken).toBeUndefined();

    await idp.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'ivy', EventId: fail!.EventId!, FeedbackValue: 'Invalid' }));
    const after = (await events(poolId, 'ivy')).AuthEvents!.find(e => e.EventId === fail!.EventId)!;
    expect(after.EventFeedback).toMatchObject({ FeedbackValue: 'Invalid', Provider: 'Admin' });
    expect(after.EventFeedback!.FeedbackDate).toBeInstanceOf(Date);
    expect(
      await errorName(
        idp.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'ivy', EventId: 'no-such-event', FeedbackValue: 'Valid' })),
      ),
    ).toBe('ResourceNotFoundException');
    expect(await errorName(events(poolId, 'nobody'))).toBe('UserNotFoundException');

    // SignUp is recorded too.
    await idp.send(new SignUpCommand({ ClientId: clientId, Username: 'newbie', Password: 'Str0ng-and-long-pass' }));
    expect((await events(poolId, 'newbie')).AuthEvents!.map(e => e.EventType)).toEqual(['SignUp']);
  });

  it('forgets events after 90 days (the sweep) and keeps at most the newest 100 per user', async () => {
    const { poolId, clientId } = await setup();
    await addUser(poolId, 'old', 'Str0ng-and-long-pass');
    await adminSignIn(poolId, clientId, 'old', 'Str0ng-and-long-pass', '198.51.100.1');
    const count = () => server.local.services.store.count('authEvent', `${poolId}/old/`);
    expect(count()).toBe(1);
    try {
      await setClock(server.url, { offsetSeconds: 89 * 86400 });
      await server.local.prune();
      expect(count()).toBe(1);
      await setClock(server.url, { offsetSeconds: 91 * 86400 });
      await server.local.prune();
      expect(count()).toBe(0);
      expect((await events(poolId, 'old')).AuthEvents).toEqual([]);
    } finally {
      await setClock(server.url, { offsetSeconds: 0 });
    }
    await addUser(poolId, 'busy', 'Str0ng-and-long-pass');
    for (let i = 0; i < 103; i++) await adminSignIn(poolId, clientId, 'busy', 'Str0ng-and-long-pass', '198.51.100.1');
    expect(server.local.services.store.count('authEvent', `${poolId}/busy/`)).toBe(100);
  });

  it('needs threat protection on the pool, as Cognito does', async () => {
    const { poolId } = await setup('OFF');
    await addUser(poolId, 'ann', 'Str0ng-and-long-pass');
    expect(await errorName(events(poolId, 'ann'))).toBe('UserPoolAddOnNotEnabledException');
  });
});

describe('risk configuration', () => {
  it('stores and describes pool and client configurations, and refuses bad ranges and unknown clients', async () => {
    const { poolId, clientId } = await setup();
    const config = {
      CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN' as const], Actions: { EventAction: 'BLOCK' as const } },
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: {
          SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/security@example.com',
          BlockEmail: { Subject: 'Blocked', TextBody: 'We blocked a sign-in.' },
        },
        Actions: { HighAction: { Notify: true, EventAction: 'BLOCK' as const } },
      },
      RiskExceptionConfiguration: { BlockedIPRangeList: ['203.0.113.0/24'], SkippedIPRangeList: ['2001:db8::/32'] },
    };
    const set = await idp.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ...config }));
    expect(set.RiskConfiguration).toMatchObject({ UserPoolId: poolId, ...config });
    const described = (await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration!;
    expect(described).toMatchObject({ UserPoolId: poolId, ...config });
    expect(described.LastModifiedDate).toBeInstanceOf(Date);
    // A client without its own configuration is described by the pool's.
    expect((await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration).toMatchObject(config);
    await idp.send(
      new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId, RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.1/32'] } }),
    );
    const client = (await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration!;
    expect(client.ClientId).toBe(clientId);
    expect(client.RiskExceptionConfiguration).toEqual({ BlockedIPRangeList: ['192.0.2.1/32'] });
    expect(client.CompromisedCredentialsRiskConfiguration).toBeUndefined();

    expect(
      await errorName(idp.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['not-an-ip'] } }))),
    ).toBe('InvalidParameterException');
    expect(
      await errorName(
        idp.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: 'unknownclient0000000000000', RiskExceptionConfiguration: {} })),
      ),
    ).toBe('ResourceNotFoundException');
  });

  it('blocks sign-ins from blocked ranges, notifies with a feedback token the user can answer with', async () => {
    const { poolId, clientId } = await setup();
    await addUser(poolId, 'max', 'Str0ng-and-long-pass');
    await idp.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: {
          NotifyConfiguration: {
            SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/security@example.com',
            BlockEmail: { Subject: 'Blocked', TextBody: 'Hello {username}, we blocked a sign-in.' },
          },
          Actions: { HighAction: { Notify: true, EventAction: 'BLOCK' } },
        },
        RiskExceptionConfiguration: { BlockedIPRangeList: ['203.0.113.0/24', '2001:db8:bad::/48'] },
      }),
    );
    const blocked = await errorOf(adminSignIn(poolId, clientId, 'max', 'Str0ng-and-long-pass', '203.0.113.9'));
    expect(blocked.name).toBe('NotAuthorizedException');
    expect(blocked.message).toBe('Unable to login because of security reasons.');
    expect(await errorName(adminSignIn(poolId, clientId, 'max', 'Str0ng-and-long-pass', '2001:db8:bad::1'))).toBe('NotAuthorizedException');
    // The public flow with UserContextData is held to the same ranges.
    expect(
      await errorName(
        idp.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'max', PASSWORD: 'Str0ng-and-long-pass' },
            UserContextData: { IpAddress: '203.0.113.200' },
          }),
        ),
      ),
    ).toBe('NotAuthorizedException');
    expect((await adminSignIn(poolId, clientId, 'max', 'Str0ng-and-long-pass', '198.51.100.1')).AuthenticationResult?.AccessToken).toBeTruthy();

    const list = (await events(poolId, 'max')).AuthEvents!;
    expect(list[0]).toMatchObject({ EventResponse: 'Pass', EventContextData: { IpAddress: '198.51.100.1' } });
    const blockedEvent = list.find(e => e.EventContextData?.IpAddress === '203.0.113.9')!;
    expect(blockedEvent).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block' } });

    const res = await fetch(`${server.url}/_local/messages?userPoolId=${poolId}&username=max`);
    const { messages } = (await res.json()) as { messages: Array<{ message: string }> };
    const notice = messages.map(m => m.message).find(m => m.includes(blockedEvent.EventId!))!;
    expect(notice).toContain('Hello max, we blocked a sign-in.');
    const token = /Feedback token: (\S+)/.exec(notice)![1]!;
    const feedback = (FeedbackToken: string, EventId = blockedEvent.EventId!) =>
      idp.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'max', EventId, FeedbackToken, FeedbackValue: 'Valid' }));
    // A token is good for its own event only.
    expect(await errorName(feedback(`${token}x`))).toBe('NotAuthorizedException');
    expect(await errorName(feedback(token, list[0]!.EventId!))).toBe('NotAuthorizedException');
    await feedback(token);
    const answered = (await events(poolId, 'max')).AuthEvents!.find(e => e.EventId === blockedEvent.EventId)!;
    expect(answered.EventFeedback).toMatchObject({ FeedbackValue: 'Valid', Provider: 'User' });
  });

  it('blocks a breached password in password flows unless the address is skipped; AUDIT only records', async () => {
    const { poolId, clientId } = await setup();
    await addUser(poolId, 'lou', 'Passw0rd!');
    await addUser(poolId, 'kit', 'Str0ng-and-long-pass');
    await idp.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
        RiskExceptionConfiguration: { SkippedIPRangeList: ['10.0.0.0/8'] },
      }),
    );
    const refused = await errorOf(adminSignIn(poolId, clientId, 'lou', 'Passw0rd!', '198.51.100.20'));
    expect(refused.message).toBe('Unable to login because of security reasons.');
    const event = (await events(poolId, 'lou')).AuthEvents![0]!;
    expect(event).toMatchObject({ EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block', CompromisedCredentialsDetected: true } });
    expect((await adminSignIn(poolId, clientId, 'lou', 'Passw0rd!', '10.1.2.3')).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await adminSignIn(poolId, clientId, 'kit', 'Str0ng-and-long-pass', '198.51.100.20')).AuthenticationResult?.AccessToken).toBeTruthy();

    const audit = await setup('AUDIT');
    await addUser(audit.poolId, 'lou', 'Passw0rd!');
    await idp.send(
      new SetRiskConfigurationCommand({ UserPoolId: audit.poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }),
    );
    expect((await adminSignIn(audit.poolId, audit.clientId, 'lou', 'Passw0rd!', '198.51.100.20')).AuthenticationResult?.AccessToken).toBeTruthy();
    const audited = (await events(audit.poolId, 'lou')).AuthEvents!;
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ EventResponse: 'Pass', EventRisk: { RiskDecision: 'Block', CompromisedCredentialsDetected: true } });
  });
});
