/**
 * The expiry test every session read makes: a token counts as expired `tolerance` ms (5 s) before its
 * `exp`, on the server's clock as estimated from the stored clock drift.
 */
export function isTokenExpired({ expiresAt, clockDrift, tolerance = 5000 }: { expiresAt: number; clockDrift: number; tolerance?: number }): boolean {
  return Date.now() + clockDrift + tolerance > expiresAt;
}
