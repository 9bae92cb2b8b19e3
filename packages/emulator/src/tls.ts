/**
 * `tls: true`: a throwaway certificate authority and a server certificate for 127.0.0.1, ::1 and localhost, made at
 * startup (ECDSA P-256 keys from node:crypto; X.509 from @peculiar/asn1-x509, loaded only here). The CA carries
 * name constraints (loopback names and addresses only), so trusting it can never vouch for a real host. The private
 * keys never leave the process.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

export interface TlsMaterial {
  /** The CA certificate (PEM): what clients trust. */
  ca: string;
  /** The server certificate chain (PEM). */
  cert: string;
  /** The server's private key (PEM, PKCS#8). Kept in memory only. */
  key: string;
}

/** What the CA may vouch for: loopback only (RFC 5280 name constraints). */
export const CA_PERMITTED = { dnsNames: ["localhost"], ipRanges: ["127.0.0.0/8", "::1/128"] };

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
const DAY = 86_400_000;

type X509 = typeof import("@peculiar/asn1-x509");
type Asn = typeof import("@peculiar/asn1-schema");
type Name = InstanceType<X509["Name"]>;
type Extension = InstanceType<X509["Extension"]>;

function pem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** A positive serial number (the first byte's high bit clear). */
function serial(): ArrayBuffer {
  const bytes = new Uint8Array(randomBytes(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 1;
  return bytes.buffer;
}

/** The X.509 building blocks, bound to the lazily loaded modules. */
function builder(x509: X509, asn: Asn, now: number) {
  const { AsnConvert, OctetString } = asn;
  const name = (commonName: string) =>
    new x509.Name([
      new x509.RelativeDistinguishedName([
        new x509.AttributeTypeAndValue({ type: "2.5.4.3", value: new x509.AttributeValue({ utf8String: commonName }) }),
      ]),
    ]);
  const extension = (extnID: string, critical: boolean, value: object) =>
    new x509.Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const keyId = (spki: Buffer) =>
    createHash("sha1")
      .update(new Uint8Array(AsnConvert.parse(spki, x509.SubjectPublicKeyInfo).subjectPublicKey))
      .digest();
  const certificate = (options: {
    subject: Name;
    issuer: Name;
    spki: Buffer;
    signer: KeyObject;
    extensions: Extension[];
  }) => {
    const tbs = new x509.TBSCertificate({
      version: x509.Version.v3,
      serialNumber: serial(),
      signature: new x509.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
      issuer: options.issuer,
      subject: options.subject,
      // Back-dated an hour: a client whose clock is a little behind still accepts it.
      validity: new x509.Validity({ notBefore: new Date(now - 3_600_000), notAfter: new Date(now + 30 * DAY) }),
      subjectPublicKeyInfo: AsnConvert.parse(options.spki, x509.SubjectPublicKeyInfo),
      extensions: new x509.Extensions(options.extensions),
    });
    const signature = sign("sha256", Buffer.from(AsnConvert.serialize(tbs)), {
      key: options.signer,
      dsaEncoding: "der",
    });
    const cert = new x509.Certificate({
      tbsCertificate: tbs,
      signatureAlgorithm: new x509.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
      signatureValue: new Uint8Array(signature).buffer,
    });
    return pem("CERTIFICATE", new Uint8Array(AsnConvert.serialize(cert)));
  };
  return { name, extension, keyId, certificate };
}

function caExtensions(x509: X509, b: ReturnType<typeof builder>, caSpki: Buffer): Extension[] {
  const permitted = [
    ...CA_PERMITTED.dnsNames.map((dNSName) => new x509.GeneralName({ dNSName })),
    ...CA_PERMITTED.ipRanges.map((iPAddress) => new x509.GeneralName({ iPAddress })),
  ].map((base) => new x509.GeneralSubtree({ base }));
  return [
    b.extension(x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: true, pathLenConstraint: 0 })),
    b.extension(
      x509.id_ce_keyUsage,
      true,
      new x509.KeyUsage(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign),
    ),
    b.extension(
      x509.id_ce_nameConstraints,
      true,
      new x509.NameConstraints({ permittedSubtrees: new x509.GeneralSubtrees(permitted) }),
    ),
    b.extension(x509.id_ce_subjectKeyIdentifier, false, new x509.SubjectKeyIdentifier(b.keyId(caSpki))),
  ];
}

function serverExtensions(x509: X509, b: ReturnType<typeof builder>, caSpki: Buffer, spki: Buffer): Extension[] {
  return [
    b.extension(x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: false })),
    b.extension(x509.id_ce_keyUsage, true, new x509.KeyUsage(x509.KeyUsageFlags.digitalSignature)),
    b.extension(x509.id_ce_extKeyUsage, false, new x509.ExtendedKeyUsage([x509.id_kp_serverAuth])),
    b.extension(
      x509.id_ce_subjectAltName,
      false,
      new x509.SubjectAlternativeName([
        new x509.GeneralName({ dNSName: "localhost" }),
        new x509.GeneralName({ iPAddress: "127.0.0.1" }),
        new x509.GeneralName({ iPAddress: "::1" }),
      ]),
    ),
    b.extension(
      x509.id_ce_authorityKeyIdentifier,
      false,
      new x509.AuthorityKeyIdentifier({ keyIdentifier: new x509.KeyIdentifier(b.keyId(caSpki)) }),
    ),
    b.extension(x509.id_ce_subjectKeyIdentifier, false, new x509.SubjectKeyIdentifier(b.keyId(spki))),
  ];
}

export async function createTlsMaterial(now = Date.now()): Promise<TlsMaterial> {
  const x509 = await import("@peculiar/asn1-x509");
  const b = builder(x509, await import("@peculiar/asn1-schema"), now);
  const caKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const serverKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const caSpki = caKeys.publicKey.export({ type: "spki", format: "der" });
  const serverSpki = serverKeys.publicKey.export({ type: "spki", format: "der" });
  const caName = b.name(`graphsync emulator test CA ${randomBytes(4).toString("hex")}`);
  const ca = b.certificate({
    subject: caName,
    issuer: caName,
    spki: caSpki,
    signer: caKeys.privateKey,
    extensions: caExtensions(x509, b, caSpki),
  });
  const cert = b.certificate({
    subject: b.name("localhost"),
    issuer: caName,
    spki: serverSpki,
    signer: caKeys.privateKey,
    extensions: serverExtensions(x509, b, caSpki, serverSpki),
  });
  return { ca, cert, key: serverKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
