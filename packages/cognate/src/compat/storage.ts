/**
 * `cognate-auth/compat/storage`: the names of `aws-amplify/storage`, for a bundler alias in apps whose
 * libraries import it without using it (Amplify UI's storage components sit in the same package as
 * the Authenticator). cognate is auth only: each function rejects with `StorageError`
 * `NotSupportedException`, so a call fails loudly instead of the build.
 */
export const DEFAULT_PART_SIZE = 5 * 1024 * 1024;

export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSupportedException';
  }
}

const unsupported =
  (api: string) =>
  async (..._args: unknown[]): Promise<never> => {
    throw new StorageError(`${api} from aws-amplify/storage is not part of cognate, which covers Auth only.`);
  };

export const copy = /* @__PURE__ */ unsupported('copy');
export const downloadData = /* @__PURE__ */ unsupported('downloadData');
export const getProperties = /* @__PURE__ */ unsupported('getProperties');
export const getUrl = /* @__PURE__ */ unsupported('getUrl');
export const list = /* @__PURE__ */ unsupported('list');
export const remove = /* @__PURE__ */ unsupported('remove');
export const uploadData = /* @__PURE__ */ unsupported('uploadData');
export const isCancelError = (_error: unknown): boolean => false;
