import * as S from '../../tools/graph-sim/seed-data.js';

const DC = '/deviceManagement/deviceConfigurations';
const filter = { deviceAndAppManagementAssignmentFilterId: S.SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' };

/** The six target types, pointed at the simulator's seeded directory objects. */
export const TARGETS = {
  group: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: S.SEED_GROUP_ID },
  exclusion: { '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId: S.SEED_EXCLUDED_GROUP_ID },
  allDevices: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget', ...filter },
  allLicensedUsers: { '@odata.type': 'microsoft.graph.allLicensedUsersAssignmentTarget' },
  collection: { '@odata.type': 'microsoft.graph.configurationManagerCollectionAssignmentTarget', collectionId: S.SEED_COLLECTION_ID, ...filter },
  scopeTag: { '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget', targetType: 'user', entraObjectId: S.SEED_ENTRA_OBJECT_ID },
} as const;

const item = (ref: string, path: string, body: Record<string, unknown>) => ({ ref, path, body });
const dca = (target: object, extra: object = {}) => ({ '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', target, ...extra });

/**
 * A job made of the five seed documents' examples, with the simulator's ids in place of the
 * `{…}` placeholders. Seeds 003 and 004 send the abstract target type, and 004 `source: "String"`;
 * here they carry concrete targets and a value of the enum (see docs/catalog.md).
 */
export function seedExampleItems() {
  return [
    item('seed000-v1', `/v1.0/deviceManagement/deviceCompliancePolicies/${S.COMPLIANCE_POLICY_ID}/assignments/${S.COMPLIANCE_ASSIGNMENT_ID}`, {
      '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
      target: TARGETS.scopeTag,
    }),
    item('seed000-beta', `https://graph.microsoft.com/beta/deviceManagement/deviceCompliancePolicies/${S.IOS_COMPLIANCE_POLICY_ID}/assignments/${S.IOS_COMPLIANCE_ASSIGNMENT_ID}`, {
      target: TARGETS.allLicensedUsers,
    }),
    item('seed001', `/beta/deviceManagement/configurationPolicies/${S.CONFIGURATION_POLICY_ID}/assignments/${S.CONFIGURATION_POLICY_ASSIGNMENT_ID}`, {
      '@odata.type': '#microsoft.graph.deviceManagementConfigurationPolicyAssignment',
      target: TARGETS.collection,
    }),
    item('seed002', `/beta/deviceManagement/deviceEnrollmentConfigurations/${S.ENROLLMENT_CONFIGURATION_ID}/assignments/${S.ENROLLMENT_ASSIGNMENT_ID}`, {
      '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment',
      target: { ...TARGETS.scopeTag, ...filter },
      source: 'policySets',
      sourceId: 'policy-set-1',
    }),
    item('seed003', `/beta${DC}/${S.DEVICE_CONFIGURATION_ID}/assignments`, dca(TARGETS.allDevices, { id: S.DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID })),
    item('seed004-v1', `/v1.0${DC}/${S.DEVICE_CONFIGURATION_ID}/assignments/${S.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`, dca(TARGETS.group)),
    item('seed004-root', `/beta${DC}/${S.IOS_SCEP_PROFILE_ID}/rootCertificate/assignments/${S.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.exclusion, { source: 'direct', intent: 'apply' })),
    item('seed004-identity', `/beta${DC}/${S.WINDOWS_PHONE_VPN_ID}/identityCertificate/assignments/${S.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.group, { source: 'direct', sourceId: 'src-1' })),
    item('seed004-identity-root', `/beta${DC}/${S.WINDOWS_PHONE_VPN_ID}/identityCertificate/rootCertificate/assignments/${S.WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.allDevices)),
    item('seed004-ios-scep-root', `/beta${DC}/${S.IOS_SCEP_PROFILE_ID}/microsoft.graph.iosScepCertificateProfile/rootCertificate/assignments/${S.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.exclusion, { source: 'direct', intent: 'apply' })),
    item('seed004-wp81-identity', `/beta${DC}/${S.WINDOWS_PHONE_VPN_ID}/microsoft.graph.windowsPhone81VpnConfiguration/identityCertificate/assignments/${S.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.group, { source: 'direct', sourceId: 'src-1' })),
    item('seed004-macos-root', `/beta${DC}/${S.MACOS_WIRED_NETWORK_ID}/microsoft.graph.macOSWiredNetworkConfiguration/rootCertificateForServerValidation/assignments/${S.MACOS_WIRED_ROOT_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.allLicensedUsers, { intent: 'remove' })),
    item('seed004-macos-identity', `/beta${DC}/${S.MACOS_WIRED_NETWORK_ID}/microsoft.graph.macOSWiredNetworkConfiguration/identityCertificateForClientAuthentication/assignments/${S.MACOS_WIRED_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.scopeTag)),
    item('seed004-wifi-identity', `/beta${DC}/${S.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/identityCertificateForClientAuthentication/assignments/${S.WIFI_EAP_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.collection)),
    item('seed004-wifi-root', `/beta${DC}/${S.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/${S.WIFI_EAP_ROOT_CERTIFICATE_ID}/assignments/${S.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`, dca(TARGETS.group, { source: 'policySets', sourceId: 'ps-9' })),
  ];
}
