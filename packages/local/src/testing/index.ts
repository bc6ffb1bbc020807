/**
 * `cognate-local/testing`: an in-memory cognate-local per test file, and the helpers tests need
 * (users, sessions, storage states, delivered codes, the clock, failures, reset). See the README's
 * "Testing your app with cognate-local".
 */
export { startCognateLocal, DEFAULT_TEST_CONFIG, DEFAULT_AUTH_FLOWS } from './start-cognate-local.js';
export type {
  CognateLocalHandle,
  StartCognateLocalOptions,
  CreateUserInput,
  TestUser,
  TestTokens,
  CodeQuery,
  WaitForCodeOptions,
  FailNextError,
  ClockOwner,
} from './start-cognate-local.js';
export type { StorageState } from './storage-state.js';
export { exportState, importState, parseState, validateState, StateFileError, STATE_VERSION } from '../services/state-file.js';
export type { CognateLocalState } from '../services/state-file.js';
