/**
 * The template catalogue: the applications the emulator knows (a SCIM application, API-driven inbound provisioning
 * and Workday), each with its default schema and the secrets its credentials need. A job's templateId finds its
 * schema here (`templateById`).
 */
import type { SynchronizationSchema, SynchronizationSecret, SynchronizationTemplate } from "@graphsync/types";
import { uuidFrom } from "../random.js";
import { api2aadSchema } from "./templates/api2aad.js";
import { scimSchema } from "./templates/scim.js";
import { workdaySchema } from "./templates/workday.js";

export interface TemplateDef {
  template: SynchronizationTemplate;
  /** A fresh copy of the template's default schema. */
  schema: () => SynchronizationSchema;
  /** The secrets validateCredentials needs for this application. */
  requiredSecrets: SynchronizationSecret[];
}

const def = (
  id: string,
  factoryTag: string,
  description: string,
  schema: () => SynchronizationSchema,
  requiredSecrets: SynchronizationSecret[],
  applicationId = uuidFrom(`application/${id}`),
): TemplateDef => ({
  template: {
    id,
    applicationId,
    default: true,
    description,
    discoverable: true,
    factoryTag,
    metadata: [{ key: "GalleryApplicationIdentifier", value: applicationId.replaceAll("-", "") }],
  },
  schema,
  requiredSecrets,
});

export const CATALOGUE: readonly TemplateDef[] = [
  def(
    "scim",
    "CustomSCIM",
    "Provisions users and groups to an application's SCIM 2.0 endpoint.",
    scimSchema,
    ["BaseAddress", "SecretToken"],
    "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
  ),
  def("API2AAD", "API2AAD", "API-driven inbound user provisioning to Microsoft Entra ID.", api2aadSchema, []),
  def("Workday", "Workday", "Workday to Microsoft Entra ID user provisioning.", workdaySchema, [
    "BaseAddress",
    "UserName",
    "Password",
  ]),
];

/** The catalogue's template with this id (ids compare without case, as the service's do). */
export function templateById(id: string | null | undefined): TemplateDef | undefined {
  const key = id?.toLowerCase();
  return CATALOGUE.find((entry) => entry.template.id.toLowerCase() === key);
}

/** The templates a service principal offers when its tenant does not say: those of the jobs it has. */
export function templatesOfJobs(templateIds: readonly (string | null | undefined)[]): string[] {
  const ids = templateIds.map((id) => templateById(id)?.template.id).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}
