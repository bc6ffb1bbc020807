/**
 * The armed `autoSignIn`: set by `signUp` when asked for, completed by `confirmSignUp`, consumed by
 * `autoSignIn()`. Per context, client only.
 */
import type { SignInInput, SignInOutput } from '../types/auth.js';

export interface AutoSignInState {
  /** Armed by signUp for this username. */
  username?: string;
  /** The sign-in `signUp` was given (password included), replayed by `autoSignIn()`. */
  signInInput?: SignInInput;
  /** SignUp / ConfirmSignUp `Session`, for USER_AUTH sign-in after sign-up. */
  session?: string;
  /** Set once the account is confirmed: what `autoSignIn()` will run. */
  callback?: () => Promise<SignInOutput>;
  /** Cancels the 3-minute arming timer. */
  timer?: ReturnType<typeof setTimeout>;
}

export class AutoSignInStore {
  state: AutoSignInState = {};

  reset(): void {
    if (this.state.timer) clearTimeout(this.state.timer);
    this.state = {};
  }
}
