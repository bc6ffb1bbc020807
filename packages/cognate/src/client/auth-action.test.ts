import { AuthAction as AmplifyAuthAction } from '@aws-amplify/core/internals/utils';
import { expect, it } from 'vitest';
import { AuthAction } from './auth-action.js';

it("names every user-agent auth action as Amplify's AuthAction does, with the same numbers", () => {
  const ours = Object.fromEntries(
    Object.entries(AuthAction)
      .filter(([name]) => !/^\d+$/.test(name))
      .map(([name, value]) => [name, String(value)]),
  );
  expect(ours).toEqual({ ...AmplifyAuthAction });
});
