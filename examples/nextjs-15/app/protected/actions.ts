'use server';
/** A Server Action: its cookie store is writable, so an expired session is refreshed here too. */
import { cookies } from 'next/headers';
import { getCurrentUser } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from '../../src/amplify-server-utils';

export async function whoAmI(): Promise<string> {
  return runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: contextSpec =>
      getCurrentUser(contextSpec).then(
        user => `The action saw ${user.username}`,
        () => 'The action saw nobody',
      ),
  });
}
