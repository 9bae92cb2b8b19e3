/** The Microsoft Entra ID side of every template: its User and Group objects, with the attributes mappings use. */
import type { DirectoryDefinition } from "@graphsync/types";
import { directory, object } from "../build.js";

export const ENTRA_DIRECTORY = "Azure Active Directory";

const USER = [
  "objectId!anchor,ro",
  "accountEnabled:Boolean",
  "appRoleAssignments!multi",
  "city",
  "companyName",
  "country",
  "department",
  "displayName",
  "employeeHireDate:DateTime",
  "employeeId",
  "employeeType",
  "extensionAttribute1",
  "extensionAttribute2",
  "givenName",
  "IsSoftDeleted:Boolean",
  "jobTitle",
  "mail",
  "mailNickname",
  "manager:Reference!ref=User",
  "mobile",
  "physicalDeliveryOfficeName",
  "postalCode",
  "preferredLanguage",
  "state",
  "streetAddress",
  "surname",
  "telephoneNumber",
  "usageLocation",
  "userPrincipalName",
  "userType",
];

const GROUP = [
  "objectId!anchor,ro",
  "description",
  "displayName",
  "IsSoftDeleted:Boolean",
  "mail",
  "mailNickname",
  "members:Reference!multi,ref=User",
];

/** The Entra ID directory of template `template` (its id is derived from the template). */
export function entraDirectory(template: string): DirectoryDefinition {
  return directory(template, ENTRA_DIRECTORY, [object("User", USER), object("Group", GROUP)]);
}
