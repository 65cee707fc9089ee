/**
 * Writes the sample working folder (evidence/sample-workspace): srmap.yaml, an evidence register
 * with real small documents, owners.yaml and exceptions.yaml, for the same fictional organisation
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
frameworks: [hipaa-security, pci-dss-4.0.1, soc2-2017, iso27001-2022]
regions: [us-east-1, eu-west-1]
accounts: ['111122223333', '444455556666', '777788889999']
serviceProvider: false
expiringWithinDays: 30
paths:
  snapshots: ..
  register: evidence-register.csv
  owners: owners.yaml
  exceptions: exceptions.yaml
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
    requirement: pci-dss-4.0.1:11.4.1
    reason: The 2026 penetration test is deferred to January 2027 so that it covers the re-architected cardholder data environment instead of the network being retired.
    compensatingControl: Quarterly external ASV scans continue; the CDE perimeter is limited to the payment API behind AWS WAF; the test is contracted (PO-7781) for 2027-01-11.
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
  await rm(outDir, { recursive: true, force: true });
  await rename(tmp, outDir);
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const out = process.argv[2] ?? 'evidence/sample-workspace';
  await writeSampleWorkspace(out);
  console.log(`wrote ${out}: ${REGISTER_ROWS.length} register rows`);
}
