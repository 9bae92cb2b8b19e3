/**
 * Seeded randomness: the same `seed` gives the same ids and the same fault decisions, so a failing test can be
 * replayed. Without a seed the emulator draws one from the OS. sfc32 is small, fast and good enough for this.
 */
import { createHash, randomBytes } from "node:crypto";

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
  /** A version-4 shaped GUID. */
  uuid(): string;
  /** An independent stream derived from this seed and a label (adding faults never shifts the ids). */
  fork(label: string): Random;
}

/** Four 32-bit words from any string (cyrb128). */
function seedWords(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const HEX = "0123456789abcdef";

export function createRandom(seed?: string | number): Random {
  const text = seed === undefined ? randomBytes(16).toString("hex") : String(seed);
  let [a, b, c, d] = seedWords(text);
  const word = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) word();
  const random: Random = {
    next: () => word() / 4294967296,
    int: (maxExclusive) => Math.floor((word() / 4294967296) * maxExclusive),
    hex: (length) => {
      let out = "";
      for (let i = 0; i < length; i++) out += HEX[word() & 15];
      return out;
    },
    uuid: () => formatUuid(random.hex(32)),
    fork: (label) => createRandom(`${text}/${label}`),
  };
  return random;
}

/** Shapes 32 hex characters as a version-4, RFC 4122 variant GUID. */
export function formatUuid(hex32: string): string {
  const variant = HEX[8 + (Number.parseInt(hex32[16] ?? "0", 16) & 3)];
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-4${hex32.slice(13, 16)}-${variant}${hex32.slice(17, 20)}-${hex32.slice(20, 32)}`;
}

/** A GUID that depends only on `text`: activity ids of synthesized executions are stable across reads. */
export function uuidFrom(text: string): string {
  return formatUuid(createHash("sha256").update(text).digest("hex").slice(0, 32));
}

/** A 32-bit number that depends only on `text`. */
export function hash32(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
