/** The Graph shapes the setup commands read and send (from the spec's generated types), and the requests they build. */
import type { SynchronizationSecret } from "@graphsync/types";

export type {
  ParseExpressionResponse,
  SynchronizationSchema,
  SynchronizationTemplate,
} from "@graphsync/types";

export interface SecretPair {
  key: SynchronizationSecret;
  value: string;
}

export interface CredentialsRequest {
  templateId?: string;
  useSavedCredentials?: boolean;
  credentials?: SecretPair[];
}
