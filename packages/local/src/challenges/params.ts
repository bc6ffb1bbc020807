/** Reading the parameters of a challenge answer (RespondToAuthChallenge's ChallengeResponses). */
import { errors } from '../errors.js';

export function param(responses: Record<string, string>, name: string): string {
  const value = responses[name];
  if (value === undefined || value === '') throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}
