/** The Graph shapes the setup commands read and send (synchronizationTemplate, schema, secrets, parseExpression). */

export interface SynchronizationTemplate {
  id?: string;
  applicationId?: string;
  default?: boolean;
  description?: string | null;
  discoverable?: boolean;
  factoryTag?: string | null;
  metadata?: { key?: string | null; value?: string | null }[] | null;
}

/** A whole schema document: checked by schema/validate.ts before it is sent. */
export type SynchronizationSchema = Record<string, unknown>;

export interface SecretPair {
  key: string;
  value: string;
}

export interface CredentialsRequest {
  templateId?: string;
  useSavedCredentials?: boolean;
  credentials?: SecretPair[];
}

export interface ParseExpressionResponse {
  error?: { code?: string | null; message?: string | null } | null;
  evaluationResult?: string[] | null;
  evaluationSucceeded?: boolean;
  parsedExpression?: Record<string, unknown> | null;
  parsingSucceeded?: boolean;
}
