/** A small, realistic SCIM schema (Entra ID → a SCIM app): two directories, one rule, one object mapping. */

const attribute = (name: string, type = "String") => ({
  anchor: false,
  caseExact: false,
  flowNullValues: false,
  multivalued: false,
  mutability: "ReadWrite",
  name,
  required: false,
  type,
});

export function scimSchema() {
  return {
    id: "scim",
    version: "Date:2026-12-01T00:00:00Z",
    directories: [
      {
        id: "00000000-0000-0000-0000-000000000001",
        name: "Azure Active Directory",
        discoverabilities: "AttributeNames, AttributeDataTypes",
        discoveryDateTime: "2026-12-01T00:00:00Z",
        objects: [
          {
            name: "User",
            attributes: [
              "userPrincipalName",
              "mail",
              "givenName",
              "surname",
              "department",
              "IsSoftDeleted",
              "objectId",
            ].map((n) => attribute(n)),
          },
        ],
      },
      {
        id: "00000000-0000-0000-0000-000000000002",
        name: "customappsso",
        objects: [
          {
            name: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            attributes: [
              "userName",
              "active",
              'emails[type eq "work"].value',
              "name.givenName",
              "name.familyName",
              "externalId",
              "title",
            ].map((n) => attribute(n)),
          },
        ],
      },
    ],
    synchronizationRules: [
      {
        id: "USER_OUTBOUND",
        name: "USER_OUTBOUND",
        editable: true,
        priority: 1,
        sourceDirectoryName: "Azure Active Directory",
        targetDirectoryName: "customappsso",
        objectMappings: [
          {
            name: "Provision Azure Active Directory Users",
            enabled: true,
            flowTypes: "Add, Update, Delete",
            sourceObjectName: "User",
            targetObjectName: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            scope: {
              groups: [
                {
                  name: "sales",
                  clauses: [
                    { operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: ["Sales"] } },
                  ],
                },
              ],
            },
            attributeMappings: [
              {
                targetAttributeName: "userName",
                source: {
                  type: "Attribute",
                  name: "userPrincipalName",
                  expression: "[userPrincipalName]",
                  parameters: [],
                },
                flowType: "Always",
                flowBehavior: "FlowWhenChanged",
                matchingPriority: 1,
                defaultValue: null,
                exportMissingReferences: false,
              },
              {
                targetAttributeName: "active",
                source: {
                  type: "Function",
                  name: "Switch",
                  expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
                  parameters: [],
                },
                flowType: "Always",
                flowBehavior: "FlowWhenChanged",
                matchingPriority: 0,
                defaultValue: null,
                exportMissingReferences: false,
              },
              {
                targetAttributeName: 'emails[type eq "work"].value',
                source: { type: "Attribute", name: "mail", expression: "[mail]", parameters: [] },
                flowType: "Always",
                flowBehavior: "FlowWhenChanged",
                matchingPriority: 0,
                defaultValue: null,
                exportMissingReferences: false,
              },
            ],
          },
        ],
      },
    ],
  };
}

export type FixtureSchema = ReturnType<typeof scimSchema>;
