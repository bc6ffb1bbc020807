/**
 * The Pages Router (an API route): `{ request: req, response: res }` — refreshed cookies would be
 * set on `res` before it is sent.
 */
import type { NextApiRequest, NextApiResponse } from 'next';
import { getCurrentUser } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from '../../src/amplify-server-utils';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const body = await runWithAmplifyServerContext({
    nextServerContext: { request: req, response: res },
    operation: contextSpec =>
      getCurrentUser(contextSpec).then(
        user => ({ signedIn: true, username: user.username }),
        () => ({ signedIn: false }),
      ),
  });
  res.status(body.signedIn ? 200 : 401).json(body);
}
