// Checks the credentials a shipper sends against a receiver's configured `auth`, in constant time.
import { createHash, timingSafeEqual } from "node:crypto";

/** The shape of a receiver's `auth` config section (src/config/schema.ts validates that the needed parts are set). */
export interface ReceiverAuth {
  readonly type: "none" | "basic" | "bearer";
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly token?: string | undefined;
}

/** Compares digests so neither the length nor the content of a secret leaks through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether the `Authorization` header satisfies `auth`. Returns null when it does, or a message for the 401 answer
 * (never containing what was sent).
 */
export function checkAuthorization(header: string | string[] | undefined, auth: ReceiverAuth): string | null {
  if (auth.type === "none") return null;
  const value = typeof header === "string" ? header : undefined;
  if (value === undefined) return `missing Authorization header (${auth.type} authentication is required)`;
  const space = value.indexOf(" ");
  const scheme = space < 0 ? value : value.slice(0, space);
  const credentials = space < 0 ? "" : value.slice(space + 1).trim();
  if (auth.type === "bearer") {
    if (scheme.toLowerCase() !== "bearer") return "expected `Authorization: Bearer <token>`";
    return sameSecret(credentials, auth.token ?? "") ? null : "invalid bearer token";
  }
  if (scheme.toLowerCase() !== "basic") return "expected `Authorization: Basic <base64 user:password>`";
  const decoded = Buffer.from(credentials, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  // Both compared always, so a wrong user name takes as long as a wrong password.
  const userOk = sameSecret(user, auth.username ?? "");
  const passwordOk = sameSecret(password, auth.password ?? "");
  return userOk && passwordOk ? null : "invalid user name or password";
}
