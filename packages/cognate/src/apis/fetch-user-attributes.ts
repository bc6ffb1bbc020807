/**
 * fetchUserAttributes: the signed-in user's attributes from `GetUser`, as `{name: value}`.
 */
import { contextApi } from './context-api.js';
import { fetchUserAttributesOf as attributesOf } from '../context/session-attributes.js';

// A binding of this module, not a re-export: the internals that use it keep importing this module,
// so a browser bundle's chunks stay as they were (re-exports would be followed past it).
export const fetchUserAttributesOf = attributesOf;

export const fetchUserAttributes = /* @__PURE__ */ contextApi(attributesOf);
