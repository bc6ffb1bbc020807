/** VerifyUserAttribute: verifies an attribute with its code. */

export interface VerifyUserAttributeRequest {
  AccessToken: string;
  AttributeName: string;
  Code: string;
}
