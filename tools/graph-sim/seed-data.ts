import type { SeedAssignment, SimSeed } from './sim-seed.js';

/*
 * Ids are GUID-shaped and fixed so that tests, examples and a person with curl can name them.
 * The first block says what an id is: 1… compliance, 2… settings catalog, 3… enrollment,
 * 4… device configuration (4c… certificates), 9… directory objects; `a` in the second digit
 * marks an assignment.
 */

// Directory objects the targets point at.
export const SEED_GROUP_ID = '9a000000-0000-4000-8000-000000000001';
export const SEED_EXCLUDED_GROUP_ID = '9a000000-0000-4000-8000-000000000002';
export const SEED_ENTRA_OBJECT_ID = '9a000000-0000-4000-8000-000000000003';
export const SEED_FILTER_ID = '9f000000-0000-4000-8000-000000000001';
export const SEED_COLLECTION_ID = 'MEM00012';

// Compliance policies (seed 000).
export const COMPLIANCE_POLICY_ID = '10000000-0000-4000-8000-000000000001';
export const COMPLIANCE_ASSIGNMENT_ID = '1a000000-0000-4000-8000-000000000001';
export const COMPLIANCE_EXCLUSION_ASSIGNMENT_ID = '1a000000-0000-4000-8000-000000000002';
export const IOS_COMPLIANCE_POLICY_ID = '10000000-0000-4000-8000-000000000002';
export const IOS_COMPLIANCE_ASSIGNMENT_ID = '1a000000-0000-4000-8000-000000000003';
export const ANDROID_COMPLIANCE_POLICY_ID = '10000000-0000-4000-8000-000000000003';
export const ANDROID_COMPLIANCE_ASSIGNMENT_ID = '1a000000-0000-4000-8000-000000000004';

// Settings catalog policies (seed 001).
export const CONFIGURATION_POLICY_ID = '20000000-0000-4000-8000-000000000001';
export const CONFIGURATION_POLICY_ASSIGNMENT_ID = '2a000000-0000-4000-8000-000000000001';
export const CONFIGURATION_POLICY_ALL_DEVICES_ASSIGNMENT_ID = '2a000000-0000-4000-8000-000000000002';
export const EDGE_CONFIGURATION_POLICY_ID = '20000000-0000-4000-8000-000000000002';
export const EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID = '2a000000-0000-4000-8000-000000000003';
export const DEFENDER_CONFIGURATION_POLICY_ID = '20000000-0000-4000-8000-000000000003';
export const DEFENDER_CONFIGURATION_POLICY_ASSIGNMENT_ID = '2a000000-0000-4000-8000-000000000004';

// Enrollment configurations (seed 002).
export const ENROLLMENT_CONFIGURATION_ID = '30000000-0000-4000-8000-000000000001';
export const ENROLLMENT_ASSIGNMENT_ID = '3a000000-0000-4000-8000-000000000001';
export const ENROLLMENT_POLICY_SET_ASSIGNMENT_ID = '3a000000-0000-4000-8000-000000000002';
export const DEVICE_LIMIT_ENROLLMENT_CONFIGURATION_ID = '30000000-0000-4000-8000-000000000002';
export const DEVICE_LIMIT_ENROLLMENT_ASSIGNMENT_ID = '3a000000-0000-4000-8000-000000000003';
export const PLATFORM_RESTRICTION_ENROLLMENT_CONFIGURATION_ID = '30000000-0000-4000-8000-000000000003';
export const PLATFORM_RESTRICTION_ENROLLMENT_ASSIGNMENT_ID = '3a000000-0000-4000-8000-000000000004';

// Device configurations (seeds 003 and 004) and their certificate profiles.
export const DEVICE_CONFIGURATION_ID = '40000000-0000-4000-8000-000000000001';
export const DEVICE_CONFIGURATION_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000001';
export const DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000002';
export const IOS_SCEP_PROFILE_ID = '40000000-0000-4000-8000-000000000002';
export const IOS_SCEP_PROFILE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000003';
export const IOS_SCEP_ROOT_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000001';
export const IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000004';
export const WINDOWS_PHONE_VPN_ID = '40000000-0000-4000-8000-000000000003';
export const WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000002';
export const WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000005';
export const WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000003';
export const WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000006';
export const MACOS_WIRED_NETWORK_ID = '40000000-0000-4000-8000-000000000004';
export const MACOS_WIRED_ROOT_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000004';
export const MACOS_WIRED_ROOT_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000007';
export const MACOS_WIRED_IDENTITY_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000005';
export const MACOS_WIRED_IDENTITY_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000008';
export const WIFI_EAP_ID = '40000000-0000-4000-8000-000000000005';
export const WIFI_EAP_ASSIGNMENT_ID = '4a000000-0000-4000-8000-000000000009';
export const WIFI_EAP_IDENTITY_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000006';
export const WIFI_EAP_IDENTITY_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-00000000000a';
export const WIFI_EAP_ROOT_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000007';
export const WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-00000000000b';
export const WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID = '4c000000-0000-4000-8000-000000000008';
export const WIFI_EAP_SECOND_ROOT_CERTIFICATE_ASSIGNMENT_ID = '4a000000-0000-4000-8000-00000000000c';

const group = (groupId = SEED_GROUP_ID) => ({ '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId });
const exclusion = () => ({
  '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget',
  groupId: SEED_EXCLUDED_GROUP_ID,
});
const allDevices = () => ({
  '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget',
  deviceAndAppManagementAssignmentFilterId: SEED_FILTER_ID,
  deviceAndAppManagementAssignmentFilterType: 'include',
});
const allUsers = () => ({ '@odata.type': 'microsoft.graph.allLicensedUsersAssignmentTarget' });
const collection = () => ({
  '@odata.type': 'microsoft.graph.configurationManagerCollectionAssignmentTarget',
  collectionId: SEED_COLLECTION_ID,
});
const scopeTagGroup = () => ({
  '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget',
  targetType: 'user',
  entraObjectId: SEED_ENTRA_OBJECT_ID,
});

/** Device configuration assignments carry `source` and `intent` in beta; the seeds show both. */
const configAssignment = (id: string, target: SeedAssignment['target']): SeedAssignment => ({
  id,
  target,
  source: 'direct',
  intent: 'apply',
});

/** Three policies of each kind, so that every list pages at the default page size of 2. */
export const SEED_DATA: SimSeed = deepFreeze({
  policies: [
    {
      kind: 'deviceCompliancePolicy',
      id: COMPLIANCE_POLICY_ID,
      odataType: 'microsoft.graph.windows10CompliancePolicy',
      displayName: 'Windows 10 baseline compliance',
      assignments: [
        { id: COMPLIANCE_ASSIGNMENT_ID, target: group() },
        { id: COMPLIANCE_EXCLUSION_ASSIGNMENT_ID, target: exclusion() },
      ],
    },
    {
      kind: 'deviceCompliancePolicy',
      id: IOS_COMPLIANCE_POLICY_ID,
      odataType: 'microsoft.graph.iosCompliancePolicy',
      displayName: 'iOS minimum OS',
      assignments: [{ id: IOS_COMPLIANCE_ASSIGNMENT_ID, target: allUsers() }],
    },
    {
      kind: 'deviceCompliancePolicy',
      id: ANDROID_COMPLIANCE_POLICY_ID,
      odataType: 'microsoft.graph.androidWorkProfileCompliancePolicy',
      displayName: 'Android work profile compliance',
      assignments: [{ id: ANDROID_COMPLIANCE_ASSIGNMENT_ID, target: scopeTagGroup() }],
    },
    {
      kind: 'configurationPolicy',
      id: CONFIGURATION_POLICY_ID,
      odataType: 'microsoft.graph.deviceManagementConfigurationPolicy',
      displayName: 'Windows security baseline (settings catalog)',
      assignments: [
        { id: CONFIGURATION_POLICY_ASSIGNMENT_ID, target: collection() },
        { id: CONFIGURATION_POLICY_ALL_DEVICES_ASSIGNMENT_ID, target: allDevices() },
      ],
    },
    {
      kind: 'configurationPolicy',
      id: EDGE_CONFIGURATION_POLICY_ID,
      odataType: 'microsoft.graph.deviceManagementConfigurationPolicy',
      displayName: 'Microsoft Edge settings',
      assignments: [{ id: EDGE_CONFIGURATION_POLICY_ASSIGNMENT_ID, target: group() }],
    },
    {
      kind: 'configurationPolicy',
      id: DEFENDER_CONFIGURATION_POLICY_ID,
      odataType: 'microsoft.graph.deviceManagementConfigurationPolicy',
      displayName: 'Defender antivirus exclusions',
      assignments: [{ id: DEFENDER_CONFIGURATION_POLICY_ASSIGNMENT_ID, target: exclusion() }],
    },
    {
      kind: 'deviceEnrollmentConfiguration',
      id: ENROLLMENT_CONFIGURATION_ID,
      odataType: 'microsoft.graph.windows10EnrollmentCompletionPageConfiguration',
      displayName: 'Enrollment status page',
      assignments: [
        { id: ENROLLMENT_ASSIGNMENT_ID, target: group(), source: 'direct' },
        {
          id: ENROLLMENT_POLICY_SET_ASSIGNMENT_ID,
          target: scopeTagGroup(),
          source: 'policySets',
          sourceId: '9e000000-0000-4000-8000-000000000001',
        },
      ],
    },
    {
      kind: 'deviceEnrollmentConfiguration',
      id: DEVICE_LIMIT_ENROLLMENT_CONFIGURATION_ID,
      odataType: 'microsoft.graph.deviceEnrollmentLimitConfiguration',
      displayName: 'Device limit: 5',
      assignments: [{ id: DEVICE_LIMIT_ENROLLMENT_ASSIGNMENT_ID, target: allUsers(), source: 'direct' }],
    },
    {
      kind: 'deviceEnrollmentConfiguration',
      id: PLATFORM_RESTRICTION_ENROLLMENT_CONFIGURATION_ID,
      odataType: 'microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration',
      displayName: 'Block personal Android',
      assignments: [{ id: PLATFORM_RESTRICTION_ENROLLMENT_ASSIGNMENT_ID, target: group(), source: 'direct' }],
    },
    {
      kind: 'deviceConfiguration',
      id: DEVICE_CONFIGURATION_ID,
      odataType: 'microsoft.graph.windows10GeneralConfiguration',
      displayName: 'Windows 10 device restrictions',
      assignments: [
        configAssignment(DEVICE_CONFIGURATION_ASSIGNMENT_ID, group()),
        configAssignment(DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID, exclusion()),
      ],
    },
    {
      kind: 'deviceConfiguration',
      id: IOS_SCEP_PROFILE_ID,
      odataType: 'microsoft.graph.iosScepCertificateProfile',
      displayName: 'iOS SCEP user certificate',
      assignments: [configAssignment(IOS_SCEP_PROFILE_ASSIGNMENT_ID, allUsers())],
      subResources: [
        {
          path: 'rootCertificate',
          id: IOS_SCEP_ROOT_CERTIFICATE_ID,
          odataType: 'microsoft.graph.iosTrustedRootCertificate',
          displayName: 'Contoso root CA (iOS)',
          assignments: [configAssignment(IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID, allUsers())],
        },
      ],
    },
    {
      kind: 'deviceConfiguration',
      id: WINDOWS_PHONE_VPN_ID,
      odataType: 'microsoft.graph.windowsPhone81VpnConfiguration',
      displayName: 'Windows Phone 8.1 VPN',
      assignments: [],
      subResources: [
        {
          path: 'identityCertificate',
          id: WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ID,
          odataType: 'microsoft.graph.windowsPhone81SCEPCertificateProfile',
          displayName: 'VPN client certificate (Windows Phone)',
          assignments: [configAssignment(WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID, group())],
        },
        {
          path: 'identityCertificate/rootCertificate',
          id: WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ID,
          odataType: 'microsoft.graph.windowsPhone81TrustedRootCertificate',
          displayName: 'Contoso root CA (Windows Phone)',
          assignments: [configAssignment(WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID, group())],
        },
      ],
    },
    {
      kind: 'deviceConfiguration',
      id: MACOS_WIRED_NETWORK_ID,
      odataType: 'microsoft.graph.macOSWiredNetworkConfiguration',
      displayName: 'macOS wired 802.1X',
      assignments: [],
      subResources: [
        {
          path: 'rootCertificateForServerValidation',
          id: MACOS_WIRED_ROOT_CERTIFICATE_ID,
          odataType: 'microsoft.graph.macOSTrustedRootCertificate',
          displayName: 'RADIUS server root CA (macOS)',
          assignments: [configAssignment(MACOS_WIRED_ROOT_CERTIFICATE_ASSIGNMENT_ID, allDevices())],
        },
        {
          path: 'identityCertificateForClientAuthentication',
          id: MACOS_WIRED_IDENTITY_CERTIFICATE_ID,
          odataType: 'microsoft.graph.macOSScepCertificateProfile',
          displayName: 'Wired client certificate (macOS)',
          assignments: [configAssignment(MACOS_WIRED_IDENTITY_CERTIFICATE_ASSIGNMENT_ID, collection())],
        },
      ],
    },
    {
      kind: 'deviceConfiguration',
      id: WIFI_EAP_ID,
      odataType: 'microsoft.graph.windowsWifiEnterpriseEAPConfiguration',
      displayName: 'Corporate Wi-Fi (EAP-TLS)',
      assignments: [configAssignment(WIFI_EAP_ASSIGNMENT_ID, scopeTagGroup())],
      subResources: [
        {
          path: 'identityCertificateForClientAuthentication',
          id: WIFI_EAP_IDENTITY_CERTIFICATE_ID,
          odataType: 'microsoft.graph.windows81SCEPCertificateProfile',
          displayName: 'Wi-Fi client certificate',
          assignments: [configAssignment(WIFI_EAP_IDENTITY_CERTIFICATE_ASSIGNMENT_ID, group())],
        },
        {
          path: `rootCertificatesForServerValidation/${WIFI_EAP_ROOT_CERTIFICATE_ID}`,
          id: WIFI_EAP_ROOT_CERTIFICATE_ID,
          odataType: 'microsoft.graph.windows81TrustedRootCertificate',
          displayName: 'RADIUS server root CA',
          assignments: [configAssignment(WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID, group())],
        },
        {
          path: `rootCertificatesForServerValidation/${WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID}`,
          id: WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID,
          odataType: 'microsoft.graph.windows81TrustedRootCertificate',
          displayName: 'RADIUS server root CA (next)',
          assignments: [configAssignment(WIFI_EAP_SECOND_ROOT_CERTIFICATE_ASSIGNMENT_ID, exclusion())],
        },
      ],
    },
  ],
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
