/**
 * The `synchronizationSecret` keys whose values are credentials (tokens, passwords, client secrets, connection
 * strings): a tool should take them only from the environment, a file or stdin, and never print or store them.
 * One list for the client, the CLI and the emulator (the enum itself says nothing about which members are secret).
 */
import type { components } from "./generated/openapi.js";

export const secretBearingKeys: readonly components["schemas"]["synchronizationSecret"][] = [
  "Password",
  "SecretToken",
  "AppKey",
  "ClientSecret",
  "ConsumerSecret",
  "TokenKey",
  "Oauth2AccessToken",
  "Oauth2RefreshToken",
  "Oauth2ClientSecret",
  "Oauth2AuthorizationCode",
  "ConnectionString",
];
