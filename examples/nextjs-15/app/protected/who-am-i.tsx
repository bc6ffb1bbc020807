'use client';
import { useActionState } from 'react';
import { whoAmI } from './actions';

export function WhoAmI() {
  const [result, run, pending] = useActionState(async () => whoAmI(), '');
  return (
    <form action={run}>
      <button type="submit" disabled={pending}>
        Ask a Server Action
      </button>{' '}
      <output data-testid="action-result">{result}</output>
    </form>
  );
}
