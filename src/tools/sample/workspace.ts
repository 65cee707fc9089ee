/**
 * Writes the sample working folder (evidence/sample-workspace): srmap.yaml (with each framework's
 * scope), an evidence register with real small documents, owners.yaml, exceptions.yaml and
 * applicability.yaml, for the same fictional organisation
 * as the sample snapshots. Deterministic. The register's sha256 values are computed from the
 * documents it writes, except one row whose document was "edited after it was registered", so the
 * demo shows srmap flagging it.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { REGISTER_COLUMNS } from '../../collect/manual/parse-register.js';

interface Row {
  id: string;
  supports: string;
  title: string;
  owner: string;
  collectedOn: string;
  validUntil: string;
  /** A document to write under documents/, or a URL. */
  doc: string | { url: string };
  /** Register a hash other than the document's: the document changed after it was registered. */
  tampered?: boolean;
}

const CISO = 'CISO (Dana Whitfield)';
const RISK = 'Risk & Compliance (Priya Raman)';
const PEOPLE = 'People Operations (Marcus Oyelaran)';
const PLATFORM = 'Platform Engineering (Lena Kowalczyk)';
const SECOPS = 'Security Operations (Tomasz Brandt)';
const LEGAL = 'Legal (Amara Chen)';
const SRE = 'Site Reliability Engineering (Ibrahim Nasser)';

export const REGISTER_ROWS: readonly Row[] = [
  { id: 'ev-policy-2026', supports: 'information-security-policy', title: 'Information Security Policy v4.2', owner: CISO, collectedOn: '2026-06-02', validUntil: '2027-06-02', doc: 'policies/information-security-policy-v4.2.md' },
  { id: 'ev-risk-2026', supports: 'risk-assessment', title: 'Annual HIPAA and PCI DSS Risk Assessment 2026', owner: RISK, collectedOn: '2026-07-17', validUntil: '2027-07-17', doc: 'risk/risk-assessment-2026.md' },
  { id: 'ev-training-2025', supports: 'security-awareness-training-records', title: 'Security Awareness Training Completion Records FY2025', owner: PEOPLE, collectedOn: '2025-08-26', validUntil: '2026-08-26', doc: 'training/awareness-completions-fy2025.csv' },
  { id: 'ev-access-review-q2', supports: 'access-review', title: 'Quarterly Privileged Access Review 2026 Q2', owner: PLATFORM, collectedOn: '2026-07-17', validUntil: '2026-10-15', doc: 'access-reviews/2026-q2-privileged-access-review.md' },
  { id: 'ev-irp-2026', supports: 'incident-response-plan', title: 'Incident Response Plan v3.0', owner: SECOPS, collectedOn: '2026-06-22', validUntil: '2027-06-22', doc: 'incident-response/incident-response-plan-v3.0.md' },
  { id: 'ev-ir-tabletop-2026', supports: 'incident-response-test', title: 'Incident response tabletop exercise, June 2026', owner: SECOPS, collectedOn: '2026-06-15', validUntil: '2027-06-15', doc: 'incident-response/tabletop-2026-06.md' },
  { id: 'ev-baa-register-2026', supports: 'business-associate-agreements', title: 'Business Associate Agreement Register 2026', owner: LEGAL, collectedOn: '2026-08-01', validUntil: '2027-08-01', doc: 'legal/baa-register-2026.csv' },
  { id: 'ev-sanctions-2026', supports: 'sanction-policy', title: 'Workforce Sanctions Policy v2', owner: PEOPLE, collectedOn: '2026-03-01', validUntil: '2027-03-01', doc: 'policies/sanctions-policy-v2.md' },
  { id: 'ev-clearance-2026', supports: 'workforce-clearance-procedure', title: 'Background Screening and Clearance Procedure', owner: PEOPLE, collectedOn: '2026-02-10', validUntil: '2027-02-10', doc: 'policies/workforce-clearance-procedure.md' },
  { id: 'ev-baseline-2026', supports: 'secure-configuration-standard', title: 'Secure Configuration Standard (CIS-aligned) v1.4', owner: PLATFORM, collectedOn: '2026-05-05', validUntil: '2027-05-05', doc: 'standards/secure-configuration-standard-v1.4.md' },
  { id: 'ev-vulnscan-2026-09', supports: 'vulnerability-scan-report', title: 'Quarterly internal and external vulnerability scans, September 2026', owner: SECOPS, collectedOn: '2026-09-05', validUntil: '2026-12-04', doc: 'scans/vulnerability-scans-2026-09.md' },
  { id: 'ev-restore-test-2026', supports: 'backup-restore-test', title: 'Backup restore test: clinic-records database, April 2026', owner: SRE, collectedOn: '2026-04-20', validUntil: '2027-04-20', doc: 'resilience/restore-test-2026-04.md' },
  { id: 'ev-bcp-2026', supports: 'business-continuity-plan', title: 'Business Continuity Plan 2026', owner: SRE, collectedOn: '2026-05-20', validUntil: '2027-05-20', doc: 'resilience/business-continuity-plan-2026.md' },
  { id: 'ev-vendor-review-2026', supports: 'vendor-risk-review', title: 'Annual vendor risk review 2026', owner: RISK, collectedOn: '2026-05-12', validUntil: '2027-05-12', doc: 'third-party/vendor-risk-review-2026.md', tampered: true },
  { id: 'ev-change-proc-2026', supports: 'change-management-procedure', title: 'Change Management Procedure v3', owner: PLATFORM, collectedOn: '2026-01-15', validUntil: '2027-01-15', doc: 'standards/change-management-procedure-v3.md' },
  { id: 'ev-assets-2026-08', supports: 'asset-inventory', title: 'Asset inventory export, August 2026', owner: PLATFORM, collectedOn: '2026-08-20', validUntil: '2027-02-16', doc: 'assets/asset-inventory-2026-08.csv' },
  { id: 'ev-log-review-2026-09', supports: 'log-review-records', title: 'Security log review sign-off, September 2026', owner: SECOPS, collectedOn: '2026-09-20', validUntil: '2026-10-20', doc: 'logging/log-review-2026-09.md' },
  { id: 'ev-classification-2026', supports: 'data-classification-policy', title: 'Data Classification and Handling Policy', owner: CISO, collectedOn: '2026-04-01', validUntil: '2027-04-01', doc: 'policies/data-classification-policy.md' },
  { id: 'ev-kms-proc-2026', supports: 'cryptographic-key-management-procedure', title: 'Key Management Procedure (AWS KMS)', owner: PLATFORM, collectedOn: '2026-03-15', validUntil: '2027-03-15', doc: 'standards/key-management-procedure.md' },
  { id: 'ev-network-2026-07', supports: 'network-diagram', title: 'Network and data-flow diagrams, July 2026', owner: PLATFORM, collectedOn: '2026-07-01', validUntil: '2026-12-28', doc: 'architecture/network-diagram-2026-07.md' },
  { id: 'ev-antimalware-2026-09', supports: 'anti-malware-status-report', title: 'Endpoint protection coverage dashboard, September 2026', owner: SECOPS, collectedOn: '2026-09-01', validUntil: '2026-11-30', doc: { url: 'https://intranet.northwind.example/security/endpoint-coverage/2026-09' } },
  { id: 'ev-workstations-2026', supports: 'workstation-security', title: 'Clinic workstation hardening checklist (control evidence)', owner: PLATFORM, collectedOn: '2026-07-08', validUntil: '2027-07-08', doc: 'standards/clinic-workstation-checklist.md' },
  // The rest of the programme: policies, procedures and records a prepared organisation keeps. A few
  // kinds are deliberately absent (a wireless scan, a segmentation test, the payment-page script
  // inventory, consent records) and one is expired (key custodian acknowledgements), so the demo
  // shows what a missing or lapsed record does.
  { id: 'ev-log-config-2026', supports: 'audit-log-configuration', title: 'Audit log configuration record (hosts, databases, applications) 2026', owner: SECOPS, collectedOn: '2026-06-18', validUntil: '2027-06-18', doc: 'logging/audit-log-configuration-2026.md' },
  { id: 'ev-aup-2026', supports: 'acceptable-use-policy', title: 'Acceptable Use Policy v3', owner: CISO, collectedOn: '2026-02-02', validUntil: '2027-02-02', doc: 'policies/acceptable-use-policy-v3.md' },
  { id: 'ev-access-policy-2026', supports: 'access-control-policy', title: 'Access Control Policy v2.1', owner: CISO, collectedOn: '2026-03-10', validUntil: '2027-03-10', doc: 'policies/access-control-policy-v2.1.md' },
  { id: 'ev-authn-policy-2026', supports: 'authentication-policy', title: 'Authentication and Session Standard v1.3', owner: PLATFORM, collectedOn: '2026-03-10', validUntil: '2027-03-10', doc: 'standards/authentication-standard-v1.3.md' },
  { id: 'ev-capacity-2026-08', supports: 'capacity-review', title: 'Quarterly capacity review, August 2026', owner: SRE, collectedOn: '2026-08-12', validUntil: '2026-11-10', doc: 'resilience/capacity-review-2026-08.md' },
  { id: 'ev-chd-discovery-2026-08', supports: 'cardholder-data-discovery-report', title: 'Cardholder data discovery scan (Macie), August 2026', owner: SECOPS, collectedOn: '2026-08-28', validUntil: '2027-02-24', doc: 'scans/chd-discovery-2026-08.md' },
  { id: 'ev-fim-2026-09', supports: 'change-detection-report', title: 'File integrity and change detection report, September 2026', owner: SECOPS, collectedOn: '2026-09-08', validUntil: '2026-12-07', doc: 'logging/change-detection-2026-09.md' },
  { id: 'ev-change-sample-2026-q3', supports: 'change-records', title: 'Change records sample, 2026 Q3', owner: PLATFORM, collectedOn: '2026-09-15', validUntil: '2027-03-14', doc: 'standards/change-records-2026-q3.csv' },
  { id: 'ev-code-review-2026-q3', supports: 'code-review-records', title: 'Pull request review records, 2026 Q3', owner: PLATFORM, collectedOn: '2026-09-15', validUntil: '2027-03-14', doc: 'standards/code-review-records-2026-q3.csv' },
  { id: 'ev-comms-plan-2026', supports: 'communication-plan', title: 'Security Communication Plan 2026', owner: CISO, collectedOn: '2026-01-20', validUntil: '2027-01-20', doc: 'policies/security-communication-plan-2026.md' },
  { id: 'ev-competence-2026', supports: 'competence-records', title: 'Security role competence records 2026', owner: PEOPLE, collectedOn: '2026-04-30', validUntil: '2027-04-30', doc: 'training/competence-records-2026.csv' },
  { id: 'ev-compliance-review-2026', supports: 'compliance-programme-review', title: 'PCI DSS compliance programme review, H1 2026', owner: RISK, collectedOn: '2026-07-10', validUntil: '2027-01-06', doc: 'risk/compliance-programme-review-2026-h1.md' },
  { id: 'ev-nda-register-2026', supports: 'confidentiality-agreements', title: 'Signed confidentiality agreements register 2026', owner: LEGAL, collectedOn: '2026-05-04', validUntil: '2027-05-04', doc: 'legal/confidentiality-agreements-2026.csv' },
  { id: 'ev-capa-2026', supports: 'corrective-action-log', title: 'Nonconformity and corrective action log 2026', owner: RISK, collectedOn: '2026-09-01', validUntil: '2027-03-01', doc: 'risk/corrective-action-log-2026.csv' },
  { id: 'ev-crypto-inventory-2026', supports: 'cryptographic-inventory', title: 'Cryptographic inventory and cipher review 2026', owner: PLATFORM, collectedOn: '2026-04-14', validUntil: '2027-04-14', doc: 'standards/cryptographic-inventory-2026.csv' },
  { id: 'ev-masking-2026', supports: 'data-masking-procedure', title: 'Data masking and test data procedure v1.1', owner: PLATFORM, collectedOn: '2026-02-18', validUntil: '2027-02-18', doc: 'standards/data-masking-procedure-v1.1.md' },
  { id: 'ev-dsr-log-2026-09', supports: 'data-subject-request-log', title: 'Data subject request log, 2026 to September', owner: 'Privacy Officer (Jonah Ellery)', collectedOn: '2026-09-10', validUntil: '2027-03-09', doc: 'legal/data-subject-requests-2026.csv' },
  { id: 'ev-dr-test-2026', supports: 'disaster-recovery-test', title: 'Disaster recovery test: region failover, March 2026', owner: SRE, collectedOn: '2026-03-28', validUntil: '2027-03-28', doc: 'resilience/dr-test-2026-03.md' },
  { id: 'ev-disclosures-2026', supports: 'disclosure-register', title: 'Personal data disclosure register 2026', owner: 'Privacy Officer (Jonah Ellery)', collectedOn: '2026-06-30', validUntil: '2027-06-30', doc: 'legal/disclosure-register-2026.csv' },
  { id: 'ev-doc-control-2026', supports: 'document-control-procedure', title: 'Document Control Procedure and register', owner: RISK, collectedOn: '2026-01-12', validUntil: '2027-01-12', doc: 'policies/document-control-procedure.md' },
  { id: 'ev-endpoints-2026-09', supports: 'endpoint-protection-report', title: 'Endpoint management compliance report, September 2026', owner: 'IT Operations (Sam Okafor)', collectedOn: '2026-09-02', validUntil: '2026-12-01', doc: 'assets/endpoint-compliance-2026-09.md' },
  { id: 'ev-asv-2026-q3', supports: 'external-asv-scan-report', title: 'External ASV scan, passing, 2026 Q3', owner: SECOPS, collectedOn: '2026-08-19', validUntil: '2026-11-17', doc: 'scans/asv-scan-2026-q3.md' },
  { id: 'ev-facility-plan-2026', supports: 'facility-security-plan', title: 'Facility Security Plan: clinics and head office 2026', owner: 'Facilities (Grace Mbeki)', collectedOn: '2026-02-25', validUntil: '2027-02-25', doc: 'policies/facility-security-plan-2026.md' },
  { id: 'ev-audit-programme-2026', supports: 'internal-audit-programme', title: 'Internal Audit Programme 2026-2027', owner: RISK, collectedOn: '2026-01-30', validUntil: '2027-01-30', doc: 'risk/internal-audit-programme-2026.md' },
  { id: 'ev-internal-audit-2026', supports: 'internal-audit-report', title: 'Internal audit report: access management and logging, June 2026', owner: RISK, collectedOn: '2026-06-26', validUntil: '2027-06-26', doc: 'risk/internal-audit-2026-06.md' },
  { id: 'ev-isms-scope-2026', supports: 'isms-scope-statement', title: 'ISMS Scope Statement v2', owner: CISO, collectedOn: '2026-01-08', validUntil: '2027-01-08', doc: 'policies/isms-scope-statement-v2.md' },
  { id: 'ev-key-custodians-2025', supports: 'key-custodian-acknowledgements', title: 'Key custodian acknowledgements 2025', owner: PLATFORM, collectedOn: '2025-08-29', validUntil: '2026-08-29', doc: 'standards/key-custodian-acknowledgements-2025.csv' },
  { id: 'ev-legal-register-2026', supports: 'legal-and-regulatory-register', title: 'Legal, regulatory and contractual obligations register 2026', owner: LEGAL, collectedOn: '2026-02-09', validUntil: '2027-02-09', doc: 'legal/obligations-register-2026.csv' },
  { id: 'ev-mgmt-review-2026', supports: 'management-review-minutes', title: 'ISMS management review minutes, May 2026', owner: CISO, collectedOn: '2026-05-21', validUntil: '2027-05-21', doc: 'risk/management-review-2026-05.md' },
  { id: 'ev-media-destruction-2026', supports: 'media-destruction-records', title: 'Shredding and device wipe certificates, 2026 to September', owner: 'Facilities (Grace Mbeki)', collectedOn: '2026-09-12', validUntil: '2027-03-11', doc: 'assets/media-destruction-2026.csv' },
  { id: 'ev-media-log-2026', supports: 'media-handling-records', title: 'Removable and backup media log 2026', owner: 'IT Operations (Sam Okafor)', collectedOn: '2026-07-01', validUntil: '2027-07-01', doc: 'assets/media-log-2026.csv' },
  { id: 'ev-nsc-review-2026-h1', supports: 'network-security-rule-review', title: 'Security group and NACL rule review, H1 2026', owner: PLATFORM, collectedOn: '2026-07-06', validUntil: '2027-01-02', doc: 'architecture/network-rule-review-2026-h1.md' },
  { id: 'ev-pentest-2025', supports: 'penetration-test-report', title: 'External and internal penetration test report, November 2025', owner: SECOPS, collectedOn: '2025-11-20', validUntil: '2026-11-20', doc: 'scans/penetration-test-2025-11.md' },
  { id: 'ev-pd-inventory-2026', supports: 'personal-data-inventory', title: 'Personal data inventory (record of processing) 2026', owner: 'Privacy Officer (Jonah Ellery)', collectedOn: '2026-03-31', validUntil: '2027-03-31', doc: 'legal/personal-data-inventory-2026.csv' },
  { id: 'ev-phishing-2026-q3', supports: 'phishing-protection-records', title: 'Phishing simulation and mail filtering report, 2026 Q3', owner: SECOPS, collectedOn: '2026-09-18', validUntil: '2027-03-17', doc: 'training/phishing-2026-q3.md' },
  { id: 'ev-badge-logs-2026-q3', supports: 'physical-access-records', title: 'Badge access and visitor logs review, 2026 Q3', owner: 'Facilities (Grace Mbeki)', collectedOn: '2026-09-25', validUntil: '2026-12-24', doc: 'assets/badge-access-review-2026-q3.md' },
  { id: 'ev-poi-2026-09', supports: 'poi-device-inspection-records', title: 'Clinic payment terminal inventory and inspections, September 2026', owner: 'Clinic Operations (Rosa Delgado)', collectedOn: '2026-09-22', validUntil: '2026-12-21', doc: 'assets/poi-inspections-2026-09.csv' },
  { id: 'ev-privacy-review-2026', supports: 'privacy-compliance-review', title: 'Privacy compliance review 2026', owner: 'Privacy Officer (Jonah Ellery)', collectedOn: '2026-06-15', validUntil: '2027-06-15', doc: 'legal/privacy-review-2026.md' },
  { id: 'ev-privacy-notice-2026', supports: 'privacy-notice', title: 'Patient privacy notice v5', owner: 'Privacy Officer (Jonah Ellery)', collectedOn: '2026-01-05', validUntil: '2027-01-05', doc: { url: 'https://www.northwind.example/privacy' } },
  { id: 'ev-reconciliation-2026-09', supports: 'processing-reconciliation-records', title: 'Claims and payment reconciliation records, September 2026', owner: 'Finance Operations (Omar Haddad)', collectedOn: '2026-09-29', validUntil: '2026-12-28', doc: 'resilience/reconciliation-2026-09.csv' },
  { id: 'ev-processing-spec-2026', supports: 'processing-specifications', title: 'Claims processing specifications v4', owner: 'Product Engineering (Mia Kovacs)', collectedOn: '2026-02-20', validUntil: '2027-02-20', doc: 'standards/processing-specifications-v4.md' },
  { id: 'ev-raci-2026', supports: 'roles-and-responsibilities', title: 'Security roles and responsibilities matrix 2026', owner: CISO, collectedOn: '2026-01-15', validUntil: '2027-01-15', doc: 'policies/roles-and-responsibilities-2026.md' },
  { id: 'ev-scope-2026', supports: 'scope-confirmation', title: 'Annual PCI DSS scope confirmation 2026', owner: RISK, collectedOn: '2026-06-05', validUntil: '2027-06-05', doc: 'risk/pci-scope-confirmation-2026.md' },
  { id: 'ev-secdev-training-2026', supports: 'secure-development-training-records', title: 'Secure coding training completions 2026', owner: PEOPLE, collectedOn: '2026-05-15', validUntil: '2027-05-15', doc: 'training/secure-coding-2026.csv' },
  { id: 'ev-objectives-2026', supports: 'security-objectives-and-metrics', title: 'Security objectives and metrics dashboard, H1 2026', owner: CISO, collectedOn: '2026-07-14', validUntil: '2027-01-10', doc: 'risk/security-objectives-2026-h1.md' },
  { id: 'ev-sast-2026-q3', supports: 'security-testing-records', title: 'Application security testing results (SAST, DAST), 2026 Q3', owner: SECOPS, collectedOn: '2026-09-09', validUntil: '2027-03-08', doc: 'scans/appsec-testing-2026-q3.md' },
  { id: 'ev-providers-2026', supports: 'service-provider-register', title: 'Service provider register with agreements and responsibility split 2026', owner: RISK, collectedOn: '2026-04-22', validUntil: '2027-04-22', doc: 'third-party/service-provider-register-2026.csv' },
  { id: 'ev-sbom-2026-09', supports: 'software-inventory', title: 'Software and component inventory (SBOM export), September 2026', owner: PLATFORM, collectedOn: '2026-09-03', validUntil: '2027-03-02', doc: 'assets/software-inventory-2026-09.csv' },
  { id: 'ev-soa-2026', supports: 'statement-of-applicability', title: 'Statement of Applicability v3', owner: CISO, collectedOn: '2026-03-02', validUntil: '2027-03-02', doc: 'risk/statement-of-applicability-v3.md' },
  { id: 'ev-runbooks-2026', supports: 'system-runbooks', title: 'Operations runbooks index 2026', owner: SRE, collectedOn: '2026-04-08', validUntil: '2027-04-08', doc: 'resilience/runbooks-index-2026.md' },
  { id: 'ev-tra-2026', supports: 'targeted-risk-analysis', title: 'PCI DSS targeted risk analyses 2026', owner: RISK, collectedOn: '2026-07-20', validUntil: '2027-07-20', doc: 'risk/targeted-risk-analyses-2026.md' },
  { id: 'ev-lifecycle-2026', supports: 'technology-lifecycle-review', title: 'Hardware and software end-of-life review 2026', owner: PLATFORM, collectedOn: '2026-05-27', validUntil: '2027-05-27', doc: 'assets/technology-lifecycle-2026.md' },
  { id: 'ev-threat-intel-2026-09', supports: 'threat-intelligence-records', title: 'Threat intelligence digest and actions, September 2026', owner: SECOPS, collectedOn: '2026-09-26', validUntil: '2026-12-25', doc: 'logging/threat-intelligence-2026-09.md' },
];

function documentText(row: Row): string {
  return [
    `# ${row.title}`,
    '',
    'Northwind Clinics & Payments (fictional): sample evidence written by src/tools/sample/workspace.ts.',
    'Not a real document; it stands in for the file a compliance officer would keep here.',
    '',
    `Evidence id: ${row.id}`,
    `Supports: ${row.supports}`,
    `Owner: ${row.owner}`,
    `Collected on: ${row.collectedOn}; valid until: ${row.validUntil}`,
    '',
  ].join('\n');
}

const CONFIG = `# srmap working folder: the sample organisation (fictional). Paths are relative to this file.
organisation: Northwind Clinics & Payments (fictional)
frameworks: [hipaa-security, pci-dss-4.0.1, soc2-2017, iso27001-2022, nist-csf-2.0]
regions: [us-east-1, eu-west-1]
accounts: ['111122223333', '444455556666', '777788889999']
serviceProvider: false
expiringWithinDays: 30
# What each framework assesses: only evidence inside its scope decides its statuses.
scope:
  pci-dss-4.0.1:
    description: Cardholder data environment (the payment workloads of northwind-prod, tagged cde=true) and the shared services connected to it
    accounts: ['111122223333', '444455556666']
    tags: { cde: 'true' }
  hipaa-security:
    description: ePHI environment (the clinical workloads of northwind-prod and the shared services they use); northwind-dev holds no ePHI
    accounts: ['111122223333', '444455556666']
paths:
  snapshots: ..
  register: evidence-register.csv
  owners: owners.yaml
  exceptions: exceptions.yaml
  applicability: applicability.yaml
# What \`srmap answer\` gives to questionnaires' factual questions (all of it fictional).
profile:
  legalName: Northwind Clinics & Payments, Inc. (fictional)
  product: Northwind Patient Portal and Payments
  headquarters: 100 Example Avenue, Seattle, Washington, United States (fictional)
  website: https://northwind.example
  employees: 420
  securityContact: Dana Whitfield, CISO, security@northwind.example
  privacyContact: Jonah Ellery, Privacy Officer, privacy@northwind.example
  subProcessors:
    - { name: Amazon Web Services, purpose: hosting and storage, location: United States and Ireland }
    - { name: Example Mail Ltd (fictional), purpose: transactional email, location: United States }
  certifications:
    - { name: SOC 2 Type II, detail: "report period 2025-10-01 to 2026-09-30" }
  insurance: Yes. Cyber liability insurance with a USD 5 million limit, renewed annually.
  aiUse: No. The service uses no machine-learning or AI features, and customer data is never used to train models.
  breachHistory: No reportable breach of customer data has occurred.
  offshoreAccess: No. Only staff based in the United States and Ireland can reach customer data.
`;

const APPLICABILITY = `# Requirements declared not applicable, or (HIPAA addressable specifications) met by a documented
# alternative measure: each with its justification, approver and date. Not a risk acceptance.
declarations:
  - requirement: pci-dss-4.0.1:4.2.1.2
    decision: not-applicable
    justification: No wireless network carries cardholder data. The CDE runs entirely in AWS; the clinics' Wi-Fi reaches the internet only and is segmented from the payment systems (network diagram ev-network-2026-07).
    approver: ${CISO}
    approvedOn: 2026-07-01
    reviewBy: 2027-07-01
  - requirement: pci-dss-4.0.1:A1
    decision: not-applicable
    justification: Appendix A1 applies to multi-tenant service providers; Northwind hosts no other entity's cardholder data environment.
    approver: ${CISO}
    approvedOn: 2026-07-01
    reviewBy: 2027-07-01
  - requirement: pci-dss-4.0.1:A2
    decision: not-applicable
    justification: The clinics' payment terminals connect over TLS 1.2 only; no POS POI terminal uses SSL or early TLS (terminal inventory ev-poi-2026-09).
    approver: ${CISO}
    approvedOn: 2026-07-01
    reviewBy: 2027-07-01
  - requirement: pci-dss-4.0.1:A3
    decision: not-applicable
    justification: Appendix A3 (designated entities supplemental validation) applies only when a payment brand or acquirer designates the entity; none has designated Northwind.
    approver: ${CISO}
    approvedOn: 2026-07-01
    reviewBy: 2027-07-01
  - requirement: hipaa-security:164.308(a)(4)(ii)(A)
    decision: not-applicable
    justification: Northwind is a covered health care provider, not a health care clearinghouse, and has no clearinghouse function to isolate.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.314(b)(1)
    decision: not-applicable
    justification: Northwind is a health care provider and sponsors no group health plan; its staff health benefits are insured through a carrier that is the covered entity.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.314(b)(2)
    decision: not-applicable
    justification: Northwind is a health care provider and sponsors no group health plan; its staff health benefits are insured through a carrier that is the covered entity.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.314(b)(2)(i)
    decision: not-applicable
    justification: Northwind is a health care provider and sponsors no group health plan; its staff health benefits are insured through a carrier that is the covered entity.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.314(b)(2)(ii)
    decision: not-applicable
    justification: Northwind is a health care provider and sponsors no group health plan; its staff health benefits are insured through a carrier that is the covered entity.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.314(b)(2)(iii)
    decision: not-applicable
    justification: Northwind is a health care provider and sponsors no group health plan; its staff health benefits are insured through a carrier that is the covered entity.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.314(b)(2)(iv)
    decision: not-applicable
    justification: Northwind is a health care provider and sponsors no group health plan; its staff health benefits are insured through a carrier that is the covered entity.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-02-01
  - requirement: hipaa-security:164.312(a)(2)(iii)
    decision: alternative
    alternative: The clinics' shared reception workstations lock the EHR session on badge removal and require a badge tap with PIN to resume, instead of a fixed inactivity timer.
    justification: A fixed inactivity logoff interrupted patient check-in and led staff to share sessions; the badge lock ends a session as soon as its user walks away.
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-04-10
    reviewBy: 2027-04-10
  - requirement: iso27001-2022:A.8.30
    decision: not-applicable
    justification: Northwind develops all software in-house; no development is outsourced (confirmed in the vendor risk review).
    approver: ${CISO}
    approvedOn: 2026-03-01
    reviewBy: 2027-03-01
`;

const OWNERS = `# RACI per control family (or per control id, which takes precedence).
owners:
  - { scope: governance, responsible: ${RISK}, accountable: ${CISO}, consulted: ${LEGAL}, informed: Executive Leadership Team }
  - { scope: risk-management, responsible: ${RISK}, accountable: ${CISO}, consulted: Finance, informed: Board Audit Committee }
  - { scope: identity-and-access, responsible: ${PLATFORM}, accountable: ${CISO}, consulted: ${SECOPS}, informed: Engineering Managers }
  - { scope: data-protection, responsible: ${PLATFORM}, accountable: ${CISO}, consulted: Privacy Officer (Jonah Ellery), informed: Product Engineering }
  - { scope: logging-and-monitoring, responsible: ${SECOPS}, accountable: ${CISO}, consulted: ${PLATFORM}, informed: Engineering Managers }
  - { scope: network-security, responsible: ${PLATFORM}, accountable: CTO (Helen Marsh), consulted: ${SECOPS}, informed: ${SRE} }
  - { scope: vulnerability-and-patch, responsible: ${SRE}, accountable: CTO (Helen Marsh), consulted: ${SECOPS}, informed: Product Engineering }
  - { scope: resilience, responsible: ${SRE}, accountable: CTO (Helen Marsh), consulted: ${PLATFORM}, informed: Customer Support }
  - { scope: incident-response, responsible: ${SECOPS}, accountable: ${CISO}, consulted: ${LEGAL}, informed: Executive Leadership Team }
  - { scope: third-party, responsible: ${RISK}, accountable: ${LEGAL}, consulted: Procurement, informed: ${CISO} }
  - { scope: workstation-security, responsible: IT Operations (Sam Okafor), accountable: CTO (Helen Marsh), consulted: ${SECOPS} }
  - { scope: physical-and-environmental, responsible: Facilities (Grace Mbeki), accountable: COO (Daniel Reyes), consulted: ${SECOPS}, informed: Clinic Managers }
  - { scope: asset-management, responsible: IT Operations (Sam Okafor), accountable: CTO (Helen Marsh), consulted: ${PLATFORM} }
  - { scope: change-management, responsible: ${PLATFORM}, accountable: CTO (Helen Marsh), consulted: ${SECOPS}, informed: Product Engineering }
  - { scope: cardholder-data, responsible: Payments Engineering (Noor Aziz), accountable: ${CISO}, consulted: ${RISK}, informed: Clinic Operations (Rosa Delgado) }
  - { scope: confidentiality, responsible: ${LEGAL}, accountable: ${CISO}, consulted: ${PEOPLE} }
  - { scope: privacy, responsible: Privacy Officer (Jonah Ellery), accountable: ${LEGAL}, consulted: ${CISO}, informed: Executive Leadership Team }
  - { scope: processing-integrity, responsible: Finance Operations (Omar Haddad), accountable: CFO (Ruth Abara), consulted: Product Engineering (Mia Kovacs) }
  - { scope: isms-management, responsible: ${RISK}, accountable: ${CISO}, consulted: Executive Leadership Team, informed: All staff }
`.replace(/: ([^,{}]*\([^)]*\)[^,{}]*)(,| })/g, ': "$1"$2');

const EXCEPTIONS = `# Risk acceptances: rule + resource (glob), or requirement (framework-id:requirement-id).
exceptions:
  - id: EXC-2026-004
    rule: S3_BUCKET_LOGGING_ENABLED
    resource: northwind-public-assets-*
    reason: The public-assets bucket serves static marketing images through CloudFront, whose standard logs record every request; S3 server access logs would duplicate them.
    compensatingControl: CloudFront standard logging to northwind-prod-app-logs-us-east-1, reviewed weekly; the bucket holds no PHI or cardholder data (Macie scan monthly).
    approver: ${CISO}
    approvedOn: 2026-07-02
    expiresOn: 2027-04-03
  - id: EXC-2025-011
    rule: INCOMING_SSH_DISABLED
    resource: sg-0ba57105ba57105ab
    reason: Legacy bastion host security group kept open for SSH during the migration to Session Manager.
    compensatingControl: Key-only SSH with MFA-backed certificates; bastion decommission tracked in PLAT-2231.
    approver: Head of Platform Engineering (Lena Kowalczyk)
    approvedOn: 2025-12-24
    expiresOn: 2026-06-27
  - id: EXC-2026-009
    requirement: pci-dss-4.0.1:8.6.3
    reason: The clearing-house SFTP connector authenticates with IAM access keys its vendor installs; rotating them takes a vendor change window, so the keys of the two connector users are rotated twice a year instead of as the key-management procedure requires.
    compensatingControl: The two keys may be used only from the vendor's fixed IP addresses (IAM condition aws:SourceIp) and only for s3:PutObject on the claims-intake bucket; GuardDuty and a CloudWatch alarm page the on-call engineer on any other use; the next rotation is booked for 2026-12-05 (CHG-4410).
    approver: ${CISO}
    approvedOn: 2026-08-16
    expiresOn: 2027-01-28
  - id: EXC-2026-010
    requirement: hipaa-security:164.312(a)(2)(ii)
    reason: The written emergency (break-glass) access procedure is being rewritten for the move to IAM Identity Center; the old procedure no longer matches the accounts.
    compensatingControl: Two sealed break-glass IAM users with hardware MFA per account, alarmed on any sign-in (CloudWatch alarm to the on-call pager).
    approver: Privacy Officer (Jonah Ellery)
    approvedOn: 2026-08-31
    expiresOn: 2026-11-29
`;

export async function writeSampleWorkspace(outDir: string): Promise<void> {
  const tmp = join(dirname(outDir), `.${basename(outDir)}.partial-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  const rows: string[][] = [[...REGISTER_COLUMNS]];
  for (const row of REGISTER_ROWS) {
    let location: string;
    let sha = '';
    if (typeof row.doc === 'string') {
      location = `documents/${row.doc}`;
      const body = documentText(row);
      await mkdir(dirname(join(tmp, location)), { recursive: true });
      await writeFile(join(tmp, location), row.tampered ? `${body}\nEdited after it was registered: this line changes the file's sha256.\n` : body);
      sha = createHash('sha256').update(body).digest('hex');
    } else {
      location = row.doc.url;
    }
    rows.push([row.id, row.supports, row.title, row.owner, row.collectedOn, row.validUntil, location, sha]);
  }
  await writeFile(join(tmp, 'evidence-register.csv'), stringify(rows, { record_delimiter: 'windows' }));
  await writeFile(join(tmp, 'srmap.yaml'), CONFIG);
  await writeFile(join(tmp, 'owners.yaml'), OWNERS);
  await writeFile(join(tmp, 'exceptions.yaml'), EXCEPTIONS);
  await writeFile(join(tmp, 'applicability.yaml'), APPLICABILITY);
  await rm(outDir, { recursive: true, force: true });
  await rename(tmp, outDir);
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const out = process.argv[2] ?? 'evidence/sample-workspace';
  await writeSampleWorkspace(out);
  console.log(`wrote ${out}: ${REGISTER_ROWS.length} register rows`);
}
