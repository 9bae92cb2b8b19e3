/**
 * Secret redaction. Every secret the CLI learns (a raw token from GRAPHSYNC_TOKEN, a client secret, each access token
 * a credential returns) is registered here, and every byte the CLI writes to stdout or stderr passes through
 * `redact`: a secret cannot leak through an error message that happens to quote it.
 */

export const REDACTED = "<redacted>";

/** Shorter strings are not treated as secrets: replacing them would garble ordinary output. */
const MIN_SECRET_LENGTH = 8;

/** A JWT (header.payload.signature, base64url) looks the same in any context. */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** `Bearer <token>` in a header or a message (a token-shaped value, so prose like "a bearer token" survives). */
const BEARER_PATTERN = /\b([Bb]earer)\s+[A-Za-z0-9\-._~+/]{12,}=*/g;

export class SecretRegistry {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined | null): void {
    if (typeof secret !== "string") return;
    const trimmed = secret.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) this.#secrets.add(trimmed);
    // Secrets also travel URL- or JSON-encoded (a form body, an error quoting a request).
    for (const variant of [encodeURIComponent(trimmed), JSON.stringify(trimmed).slice(1, -1)]) {
      if (variant !== trimmed && variant.length >= MIN_SECRET_LENGTH) this.#secrets.add(variant);
    }
  }

  get size(): number {
    return this.#secrets.size;
  }

  redact(text: string): string {
    let out = text;
    if (this.#secrets.size > 0) {
      // Longest first, so a secret that contains another is replaced whole.
      for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
        if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      }
    }
    return out.replace(BEARER_PATTERN, `$1 ${REDACTED}`).replace(JWT_PATTERN, REDACTED);
  }
}

/** Header names whose values are never shown, whatever their content. */
const SENSITIVE_HEADER = /authorization|cookie|token|secret|api-?key|password/i;

export function redactHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (SENSITIVE_HEADER.test(name)) {
      out[name] = /^bearer\s/i.test(value) ? `Bearer ${REDACTED}` : REDACTED;
    } else {
      out[name] = value;
    }
  }
  return out;
}
