/**
 * Credentials. `@azure/identity` is imported here and only here, lazily, when a command actually needs an Entra
 * token: never for --help, --version, the emulator, a raw GRAPHSYNC_TOKEN or --dry-run. Secrets come from the
 * environment or from a file, are registered with the redactor, and so are the access tokens the credential returns.
 */
import { readFile } from "node:fs/promises";
import type { TokenCredentialLike } from "@graphsync/client";
import { type AuthMode, CliError, ExitCode, quote, type SecretRegistry } from "./core.js";

/** The token-issuing hosts of the national clouds (reference §7); a host outside this list is a custom authority. */
export const CLOUD_AUTHORITY_HOSTS: Readonly<Record<string, string>> = {
  global: "https://login.microsoftonline.com",
  usgov: "https://login.microsoftonline.us",
  usgovdod: "https://login.microsoftonline.us",
  china: "https://login.chinacloudapi.cn",
};

export interface AuthSettings {
  mode: AuthMode;
  tenant: string | undefined;
  clientId: string | undefined;
  clientSecretFile: string | undefined;
  certificateFile: string | undefined;
  /** Explicit --authority-host, or undefined for the cloud's own. */
  authorityHost: string | undefined;
  cloud: string;
}

export interface AuthEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  secrets: SecretRegistry;
  /** Where device-code instructions are shown (stderr). */
  prompt(message: string): void;
}

async function readSecretFile(path: string, flag: string, secrets: SecretRegistry): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      ExitCode.usage,
      `cannot read ${flag} ${quote(path)}: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`,
    );
  }
  const secret = text.trim();
  if (secret === "") throw new CliError(ExitCode.usage, `${flag} ${quote(path)} is empty`);
  secrets.add(secret);
  return secret;
}

function need(value: string | undefined, what: string, flag: string, envName: string): string {
  if (value === undefined || value.trim() === "") {
    throw new CliError(ExitCode.usage, `${what} is required for this --auth mode`, {
      hint: `pass ${flag} <value> or set ${envName}.`,
    });
  }
  return value.trim();
}

interface CredentialInputs {
  settings: AuthSettings;
  environment: AuthEnvironment;
  tenant: string | undefined;
  clientId: string | undefined;
  /** Options every Entra credential shares: the authority, and instance discovery off for a custom one. */
  common: { authorityHost: string | undefined; disableInstanceDiscovery?: boolean };
}

type Identity = typeof import("@azure/identity");

/** The @azure/identity credential of one --auth mode. */
async function identityCredential(identity: Identity, inputs: CredentialInputs): Promise<TokenCredentialLike> {
  const { settings, environment, tenant, clientId, common } = inputs;
  const { env, secrets } = environment;
  const tenantId = () => need(tenant, "a tenant id", "--tenant", "AZURE_TENANT_ID");
  const appId = () => need(clientId, "a client (application) id", "--client-id", "AZURE_CLIENT_ID");
  switch (settings.mode) {
    case "default":
      return new identity.DefaultAzureCredential({
        ...common,
        ...(tenant ? { tenantId: tenant } : {}),
        ...(clientId ? { managedIdentityClientId: clientId } : {}),
      });
    case "env":
      return new identity.EnvironmentCredential(common);
    case "azure-cli":
      return new identity.AzureCliCredential(tenant ? { tenantId: tenant } : {});
    case "client-secret": {
      const [t, id] = [tenantId(), appId()];
      const secret = settings.clientSecretFile
        ? await readSecretFile(settings.clientSecretFile, "--client-secret-file", secrets)
        : need(env.AZURE_CLIENT_SECRET, "a client secret", "--client-secret-file", "AZURE_CLIENT_SECRET");
      return new identity.ClientSecretCredential(t, id, secret, common);
    }
    case "certificate": {
      const [t, id] = [tenantId(), appId()];
      const certificatePath = need(
        settings.certificateFile ?? env.AZURE_CLIENT_CERTIFICATE_PATH,
        "a PEM certificate (with its private key)",
        "--certificate-file",
        "AZURE_CLIENT_CERTIFICATE_PATH",
      );
      const certificatePassword = env.AZURE_CLIENT_CERTIFICATE_PASSWORD;
      const certificate = { certificatePath, ...(certificatePassword ? { certificatePassword } : {}) };
      return new identity.ClientCertificateCredential(t, id, certificate, common);
    }
    case "managed-identity":
      return new identity.ManagedIdentityCredential(clientId ? { clientId } : {});
    case "device-code":
      return new identity.DeviceCodeCredential({
        ...common,
        tenantId: tenant ?? "organizations",
        ...(clientId ? { clientId } : {}),
        userPromptCallback: (info) => environment.prompt(info.message),
      });
  }
}

/** Builds the credential for `settings.mode`; identity errors at token time become auth errors (exit 3). */
export async function createCredential(
  settings: AuthSettings,
  environment: AuthEnvironment,
): Promise<TokenCredentialLike> {
  const { env, secrets } = environment;
  const authorityHost = settings.authorityHost ?? CLOUD_AUTHORITY_HOSTS[settings.cloud];
  // Instance discovery asks login.microsoftonline.com about the authority: it must be off for any other host
  // (a sovereign cloud's own, the emulator's token endpoint, ADFS).
  const custom =
    settings.authorityHost !== undefined &&
    !Object.values(CLOUD_AUTHORITY_HOSTS).includes(settings.authorityHost.replace(/\/+$/, ""));
  secrets.add(env.AZURE_CLIENT_SECRET);
  secrets.add(env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
  const credential = await identityCredential(await import("@azure/identity"), {
    settings,
    environment,
    tenant: settings.tenant ?? env.AZURE_TENANT_ID,
    clientId: settings.clientId ?? env.AZURE_CLIENT_ID,
    common: { authorityHost, ...(custom ? { disableInstanceDiscovery: true } : {}) },
  });
  return {
    async getToken(scopes, options) {
      let token: Awaited<ReturnType<TokenCredentialLike["getToken"]>>;
      try {
        token = await credential.getToken(scopes, options);
      } catch (error) {
        if ((error as Error).name === "AbortError") throw error;
        throw new CliError(
          ExitCode.auth,
          `could not get a token with --auth ${settings.mode}: ${firstLine((error as Error).message)}`,
          { hint: authHint(settings.mode), cause: error },
        );
      }
      if (!token) {
        throw new CliError(ExitCode.auth, `--auth ${settings.mode} returned no token`, {
          hint: authHint(settings.mode),
        });
      }
      secrets.add(token.token);
      return token;
    },
  };
}

/** The useful sentence of an identity error (Entra's messages carry trace ids and timestamps after it). */
function firstLine(message: string): string {
  const description = /Description: (.*?)(?: Trace ID:| Correlation ID:|$)/s.exec(message)?.[1];
  const text = description ?? message.split("\n").find((part) => part.trim() !== "") ?? message;
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function authHint(mode: AuthMode): string {
  switch (mode) {
    case "default":
      return "DefaultAzureCredential tried the environment, workload identity, managed identity, Azure CLI and others; sign in with 'az login', or pick a mode with --auth.";
    case "env":
      return "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH).";
    case "azure-cli":
      return "run 'az login' (with --tenant if the app lives in another tenant).";
    case "client-secret":
    case "certificate":
      return "check the tenant id, the client id and that the secret or certificate is current; for a custom --authority-host check that it serves /<tenant>/v2.0/.well-known/openid-configuration.";
    case "managed-identity":
      return "managed identity only works on an Azure host that has one assigned (pass --client-id for a user-assigned identity).";
    case "device-code":
      return "complete the sign-in in a browser with the code shown above, before it expires.";
  }
}
