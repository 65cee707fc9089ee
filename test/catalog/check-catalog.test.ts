import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/catalog/load-catalog.js';
import type { Problem } from '../../src/domain/errors.js';
import { copyCatalog, edit, lineOf } from './helpers.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function broken(): Promise<string> {
  const dir = await copyCatalog();
  temps.push(dir);
  return dir;
}
async function problemsOf(dir: string): Promise<Problem[]> {
  return (await readCatalog(dir)).problems;
}
function only(problems: Problem[]): Problem {
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return problems[0]!;
}

describe('catalog problems are located', () => {
  it('a malformed YAML file gives a problem naming the file and line', async () => {
    const dir = await broken();
    await writeFile(path.join(dir, 'controls', 'broken.yaml'), 'family: broken\ntitle: Broken\ncontrols:\n  - id: [unclosed\n    title: x\n');
    const p = only(await problemsOf(dir));
    expect(p.file).toMatch(/controls[\\/]broken\.yaml$/);
    expect(p.message).toMatch(/YAML syntax error/);
    expect(p.line).toBeGreaterThanOrEqual(4);
    expect(p.hint).toBeTruthy();
  });

  it('an unknown key, at the key', async () => {
    const dir = await broken();
    await edit(dir, 'controls/resilience.yaml', '    title: Design for availability\n', '    title: Design for availability\n    owner: ops\n');
    const p = only(await problemsOf(dir));
    expect(p.file).toMatch(/controls[\\/]resilience\.yaml$/);
    expect(p.message).toBe("unknown key 'owner'");
    expect(p.path).toBe('controls[1].owner');
    expect(p.line).toBe(await lineOf(dir, 'controls/resilience.yaml', '    owner: ops'));
    expect(p.column).toBe(5);
    expect(p.hint).toMatch(/allowed here: id, title, objective/);
  });

  it('a misspelt key gets a did-you-mean hint', async () => {
    const dir = await broken();
    await edit(dir, 'controls/incident-response.yaml', '    remediation: Approve the plan,', '    remediaton: Approve the plan,');
    const problems = await problemsOf(dir);
    const unknown = problems.find((p) => p.message === "unknown key 'remediaton'");
    expect(unknown?.hint).toMatch(/Did you mean 'remediation'/);
    expect(problems.find((p) => p.message === "missing required key 'remediation'")?.path).toBe('controls[0].remediation');
  });

  it('a wrong type', async () => {
    const dir = await broken();
    await edit(dir, 'soc2-2017.yaml', '  - id: "CC3.3"\n    parent: "CC3"\n    title: "Considering fraud in risk assessment"', '  - id: "CC3.3"\n    parent: "CC3"\n    title: 42');
    const p = only(await problemsOf(dir));
    expect(p.file).toMatch(/soc2-2017\.yaml$/);
    expect(p.path).toMatch(/^requirements\[\d+\]\.title$/);
    expect(p.message).toMatch(/expected string/);
    expect(p.line).toBe(await lineOf(dir, 'soc2-2017.yaml', '    title: 42'));
  });

  it('an unknown control named by a requirement', async () => {
    const dir = await broken();
    await edit(dir, 'pci-dss-4.0.1.yaml', 'methodology"\n    controls: [penetration-testing]', 'methodology"\n    controls: [penetration-tests]');
    const p = only(await problemsOf(dir));
    expect(p.message).toBe("unknown control 'penetration-tests'");
    expect(p.path).toMatch(/^requirements\[\d+\]\.controls\[0\]$/);
    expect(p.line).toBe(await lineOf(dir, 'pci-dss-4.0.1.yaml', 'penetration-tests'));
    expect(p.hint).toMatch(/Did you mean 'penetration-testing'/);
  });

  it('an unknown Config identifier, with the nearest identifiers and the naming caveat', async () => {
    const dir = await broken();
    await edit(dir, 'controls/data-protection.yaml', '        - RDS_STORAGE_ENCRYPTED\n', '        - RDS_STORAGE_ENCRYPTION\n');
    const p = only(await problemsOf(dir));
    expect(p.message).toBe("'RDS_STORAGE_ENCRYPTION' is not a known AWS Config managed-rule identifier");
    expect(p.path).toMatch(/^controls\[0\]\.evidence\.configRules\[\d+\]$/);
    expect(p.hint).toMatch(/RDS_STORAGE_ENCRYPTED/);
    expect(p.hint).toMatch(/conformance packs/);
  });

  /** ISO A.8.17 made to decide on one rule of encrypt-data-at-rest (a requirement the data does not narrow). */
  const DECIDES_ON = (rule: string) => ['    controls: [time-synchronisation]\n', `    controls: [time-synchronisation, encrypt-data-at-rest]\n    decides: {configRules: [${rule}]}\n`] as const;

  it('a deciding rule that is not evidence of the requirement\'s controls', async () => {
    const dir = await broken();
    await edit(dir, 'iso27001-2022.yaml', ...DECIDES_ON('INCOMING_SSH_DISABLED'));
    const p = only(await problemsOf(dir));
    expect(p.message).toBe("deciding rule 'INCOMING_SSH_DISABLED' is not evidence of any control of requirement 'A.8.17'");
    expect(p.path).toMatch(/^requirements\[\d+\]\.decides\.configRules\[0\]$/);
    expect(p.hint).toMatch(/time-synchronisation, encrypt-data-at-rest/);
  });

  it('a fault in a control is reported once, not again at each requirement that decides on its evidence', async () => {
    const dir = await broken();
    await edit(dir, 'iso27001-2022.yaml', ...DECIDES_ON('RDS_STORAGE_ENCRYPTED'));
    expect(await problemsOf(dir)).toEqual([]);
    await edit(dir, 'controls/data-protection.yaml', '        - RDS_STORAGE_ENCRYPTED\n', '        - RDS_STORAGE_ENCRYPTION\n');
    const p = only(await problemsOf(dir));
    expect(p.message).toBe("'RDS_STORAGE_ENCRYPTION' is not a known AWS Config managed-rule identifier");
  });

  it('a Config rule written by its name instead of its identifier', async () => {
    const dir = await broken();
    await edit(dir, 'controls/network-security.yaml', '        - INCOMING_SSH_DISABLED\n', '        - RESTRICTED_SSH\n');
    const problems = await problemsOf(dir);
    const p = only(problems.filter((x) => x.file.endsWith('network-security.yaml')));
    expect(p.hint).toMatch(/'INCOMING_SSH_DISABLED'/);
    // Requirements whose `decides` names the rule say, at that line, that no control of theirs has it any more.
    for (const x of problems.filter((y) => y !== p)) expect(x.message).toMatch(/^deciding rule 'INCOMING_SSH_DISABLED' is not evidence of any control/);
  });

  it('five faults at once give five problems', async () => {
    const dir = await broken();
    await edit(dir, 'controls/resilience.yaml', '    title: Design for availability\n', '    title: Design for availability\n    owner: ops\n'); // unknown key
    await edit(dir, 'controls/data-protection.yaml', '        - RDS_STORAGE_ENCRYPTED\n', '        - RDS_STORAGE_ENCRYPTION\n'); // unknown Config id
    await edit(dir, 'controls/governance.yaml', 'manual: [sanction-policy]', 'manual: [sanctions-policy]'); // unknown manual kind
    await edit(dir, 'pci-dss-4.0.1.yaml', 'methodology"\n    controls: [penetration-testing]', 'methodology"\n    controls: [penetration-tests]'); // unknown control
    await edit(dir, 'soc2-2017.yaml', '    title: "Considering fraud in risk assessment"', '    title: 42'); // wrong type
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message).sort()).toEqual(
      [
        "'RDS_STORAGE_ENCRYPTION' is not a known AWS Config managed-rule identifier",
        "unknown control 'penetration-tests'",
        "unknown key 'owner'",
        "unknown manual evidence kind 'sanctions-policy'",
        'Invalid input: expected string, received number',
      ].sort(),
    );
    for (const p of problems) {
      expect(p.line, JSON.stringify(p)).toBeGreaterThan(0);
      expect(p.path).toBeTruthy();
      expect(p.hint).toBeTruthy();
    }
  });

  it('an unknown parent is a problem; an unmapped assessable requirement and an unused control are not', async () => {
    const dir = await broken();
    await edit(dir, 'iso27001-2022.yaml', '  - id: "A.5.2"\n    parent: "A.5"', '  - id: "A.5.2"\n    parent: "A.55"');
    await edit(dir, 'hipaa-security.yaml', '    controls: [emergency-access]\n', '');
    const messages = (await problemsOf(dir)).map((p) => p.message).sort();
    // A requirement no control decides is shown as needs-evidence (assessed by hand); a control no
    // requirement maps is simply not reported on.
    expect(messages).toEqual(["unknown parent 'A.55' of requirement 'A.5.2'"]);
  });

  it('an unknown attestation kind and a kind in the wrong list', async () => {
    const dir = await broken();
    await edit(dir, 'controls/third-party.yaml', 'attestations: [aws-hipaa-baa]', 'attestations: [aws-hipaa-bba]');
    await edit(dir, 'controls/third-party.yaml', 'manual: [business-associate-agreements]', 'manual: [business-associate-agreements, aws-iso27001-soa]');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message).sort()).toEqual(["unknown attestation kind 'aws-hipaa-bba'", "unknown manual evidence kind 'aws-iso27001-soa'"]);
    expect(problems.find((p) => p.message.includes('aws-hipaa-bba'))?.hint).toMatch(/Did you mean 'aws-hipaa-baa'/);
    expect(problems.find((p) => p.message.includes('aws-iso27001-soa'))?.hint).toMatch(/move it to evidence.attestations/);
  });

  it('a narrative that does not compile, and one that names a field the renderer does not pass', async () => {
    const dir = await broken();
    await edit(dir, 'controls/incident-response.yaml', 'duties, and tests it at least annually.', 'duties, and tests it at least annually {{#if status}}.');
    await edit(dir, 'controls/asset-management.yaml', 'criticality.{{#each manual}}', 'criticality in {{region}}.{{#each manual}}');
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(2);
    const syntax = problems.find((p) => p.file.endsWith('incident-response.yaml'))!;
    expect(syntax.message).toMatch(/does not compile as Handlebars/);
    expect(syntax.path).toBe('controls[0].narrative');
    const field = problems.find((p) => p.file.endsWith('asset-management.yaml'))!;
    expect(field.message).toMatch(/unknown field 'region'/);
  });

  it('an inherited control that cites no attestation', async () => {
    const dir = await broken();
    await edit(dir, 'controls/physical-and-environmental.yaml', '      attestations: [aws-soc2-type2, aws-iso27001-certificate]\n    narrative: >-\n      AWS protects the data centres', '      manual: [asset-inventory]\n    narrative: >-\n      AWS protects the data centres');
    const p = only(await problemsOf(dir));
    expect(p.message).toBe("inherited control 'environmental-protection' cites no AWS attestation");
  });
});

describe('framework properties are declared by the framework file', () => {
  it('a value the declaration does not allow, with the allowed ones', async () => {
    const dir = await broken();
    await edit(dir, 'hipaa-security.yaml', '    title: "Risk analysis"\n    controls: [risk-assessment]\n    properties: {hipaa-type: required}', '    title: "Risk analysis"\n    controls: [risk-assessment]\n    properties: {hipaa-type: mandatory}');
    const p = only(await problemsOf(dir));
    expect([(p.path ?? '').replace(/\[\d+\]/, '[n]'), p.message, p.hint]).toEqual(['requirements[n].properties.hipaa-type', "'mandatory' is not a value of property 'hipaa-type'", 'Allowed: required, addressable (properties.hipaa-type.values of the framework file).']);
    expect(p.line).toBe(await lineOf(dir, 'hipaa-security.yaml', 'hipaa-type: mandatory'));
  });

  it('a property the framework does not declare, with a did-you-mean', async () => {
    const dir = await broken();
    await edit(dir, 'pci-dss-4.0.1.yaml', 'cryptographic architecture"\n    decides: {configRules: [], manual: [cryptographic-key-management-procedure, cryptographic-inventory], attestations: []}\n    properties: {service-provider-only: true}', 'cryptographic architecture"\n    decides: {configRules: [], manual: [cryptographic-key-management-procedure, cryptographic-inventory], attestations: []}\n    properties: {service-providers-only: true}');
    const p = only(await problemsOf(dir));
    expect(p.message).toBe("property 'service-providers-only' of requirement '3.6.1.1' is not declared by framework 'pci-dss-4.0.1'");
    expect(p.hint).toBe("Did you mean 'service-provider-only'? Declare it under properties: at the top of the framework file (title and allowed values); declared: service-provider-only.");
    expect(p.line).toBe(await lineOf(dir, 'pci-dss-4.0.1.yaml', 'service-providers-only'));
  });

  it('a framework that declares none: the property is not declared; two properties filling one CSV column', async () => {
    const dir = await broken();
    await edit(dir, 'soc2-2017.yaml', '  - id: "CC3.3"\n    parent: "CC3"\n', '  - id: "CC3.3"\n    parent: "CC3"\n    properties: {hipaa-type: required}\n');
    await edit(dir, 'hipaa-security.yaml', '    column: hipaa_type\n', '    column: service_provider_only\n');
    await edit(dir, 'hipaa-security.yaml', '      addressable: {label: HIPAA Addressable, alternative: true}\n', '      addressable: {label: HIPAA Addressable, alternative: true}\n  other:\n    title: Other\n    column: service_provider_only\n    values: {x: {}}\n');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message)).toEqual([
      "properties 'hipaa-type' and 'other' both fill the requirements.csv column 'service_provider_only'",
      "property 'hipaa-type' of requirement 'CC3.3' is not declared by framework 'soc2-2017'",
    ]);
    expect(problems[1]?.hint).toBe('Declare it under properties: at the top of the framework file (title and allowed values).');
  });
});

describe('citation patterns are checked', () => {
  it('a pattern that does not compile, and an id template naming a group the pattern lacks', async () => {
    const dir = await broken();
    await edit(dir, 'nist-csf-2.0.yaml', "  - pattern: '\\b((?:GV|ID|PR|DE|RS|RC)\\.[A-Z]{2}-\\d{2})\\b'\n", "  - pattern: '\\b((?:GV|ID|PR|DE|RS|RC)\\.[A-Z]{2}-\\d{2}\\b'\n  - pattern: 'CSF ([A-Z]{2})'\n    id: $1-$2\n");
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.path, p.message.replace(/:.*$/, '')])).toEqual([
      ['citations[0].pattern', 'invalid regular expression'],
      ['citations[1].id', "id template '$1-$2' names group $2, which the pattern does not have"],
    ]);
    expect(problems[1]?.hint).toBe('The pattern has 1 capture group: use $1, or add a group ( ... ) around the identifier.');
    expect(problems[0]?.line).toBe(await lineOf(dir, 'nist-csf-2.0.yaml', "  - pattern: '\\b((?:GV"));
  });
});

describe("a framework file's answer weight, scope hint and workbook sheets are checked", () => {
  it('a weight out of range, an unknown key in scopeHint: located schema problems', async () => {
    const dir = await broken();
    await edit(dir, 'soc2-2017.yaml', '\nanswerTextWeight: 0.1', '\nanswerTextWeight: 1.5');
    await edit(dir, 'pci-dss-4.0.1.yaml', "  tags: {cde: 'true'}\n", "  tag: {cde: 'true'}\n");
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.file.split(/[\\/]/).pop(), p.path, p.message])).toEqual([
      ['pci-dss-4.0.1.yaml', 'scopeHint.tag', "unknown key 'tag'"],
      ['soc2-2017.yaml', 'answerTextWeight', 'Too big: expected number to be <=1'],
    ]);
    expect(problems[0]?.hint).toMatch(/Did you mean 'tags'/);
    expect(problems[1]?.line).toBe(await lineOf(dir, 'soc2-2017.yaml', 'answerTextWeight: 1.5'));
  });

  it("a sheet name Excel or srmap's own sheets forbid, the same name twice, a heading the framework lacks", async () => {
    const dir = await broken();
    await edit(dir, 'iso27001-2022.yaml', '    under: ["A.5", "A.6", "A.7", "A.8"]\n', '    under: ["A.5", "A.6", "A.7", "A.9"]\n    name: "Gaps"\n  - kind: responsibility-summary\n    name: "gaps"\n  - kind: responsibility-summary\n    name: "Who does what: AWS or us?"\n');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['workbookSheets[0].name', "sheet name 'Gaps' is the name of srmap's own sheet 'Gaps'"],
      ['workbookSheets[0].under[3]', "unknown requirement 'A.9' in under"],
      ['workbookSheets[1].name', "sheet name 'gaps' is the name of srmap's own sheet 'Gaps'"],
      ['workbookSheets[1].name', "sheet name 'gaps' is used twice"],
      ['workbookSheets[2].name', "sheet name 'Who does what: AWS or us?' has a character Excel does not allow in a sheet name (: \\ / ? * [ ])"],
    ]);
    expect(problems[1]?.hint).toMatch(/Did you mean 'A\.5'|Did you mean 'A\.8'|Name a heading/);
    expect(problems[0]?.line).toBe(await lineOf(dir, 'iso27001-2022.yaml', '    name: "Gaps"'));
  });
});

describe("a framework file's applicability hint is a declaration the working folder accepts", () => {
  it('an unknown requirement, a mandatory one declared not applicable, an alternative where none is admitted, an alternative without its measure', async () => {
    const dir = await broken();
    await edit(dir, 'pci-dss-4.0.1.yaml', '  requirement: "4.2.1.2"\n', '  requirement: "4.2.1.9"\n');
    await edit(dir, 'iso27001-2022.yaml', '  requirement: "A.8.30"\n', '  requirement: "9.2.1"\n');
    await edit(dir, 'nist-csf-2.0.yaml', '  requirement: "PR.PS-06"\n', '  requirement: "PR.PS-06"\n  decision: alternative\n  alternative: Vendor products only.\n');
    await edit(dir, 'hipaa-security.yaml', '  alternative: Shared clinical workstations lock when the user\'s badge leaves the reader.\n', '');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.file.split(/[\\/]/).pop(), p.path, p.message])).toEqual([
      ['hipaa-security.yaml', 'applicabilityHint.alternative', 'decision: alternative needs the alternative measure'],
      ['iso27001-2022.yaml', 'applicabilityHint.requirement', "'9.2.1' may not be declared not applicable (reporting.notExcludable)"],
      ['nist-csf-2.0.yaml', 'applicabilityHint.decision', "'PR.PS-06' does not admit a documented alternative"],
      ['pci-dss-4.0.1.yaml', 'applicabilityHint.requirement', "unknown requirement '4.2.1.9'"],
    ]);
    expect(problems[3]?.hint).toMatch(/Did you mean '4\.2\.1\.\d'/);
    expect(problems[3]?.line).toBe(await lineOf(dir, 'pci-dss-4.0.1.yaml', '  requirement: "4.2.1.9"'));
  });
});

describe('what decides a requirement is checked against its controls', () => {
  /** A framework of our own beside the shipped ones, so the check does not depend on the shipped mappings. */
  async function withFramework(requirement: string): Promise<Problem[]> {
    const dir = await broken();
    await writeFile(
      path.join(dir, 'test-fw.yaml'),
      `id: test-fw\nname: Test\nversion: "1"\npublisher: us\ndescription: A framework for the check.\nrequirements:\n${requirement}`,
    );
    return problemsOf(dir);
  }

  it('a deciding rule, manual kind or attestation the controls do not have', async () => {
    const problems = await withFramework(
      '  - id: "1"\n    title: "Encrypt"\n    controls: [encrypt-data-at-rest]\n    decides: {configRules: [IAM_ROOT_ACCESS_KEY_CHECK], manual: [network-diagram], attestations: [aws-hipaa-baa]}\n',
    );
    expect(problems.map((p) => p.message)).toEqual([
      "deciding rule 'IAM_ROOT_ACCESS_KEY_CHECK' is not evidence of any control of requirement '1'",
      "deciding manual evidence 'network-diagram' is not evidence of any control of requirement '1'",
      "deciding attestation 'aws-hipaa-baa' is not an AWS-side attestation of any control of requirement '1'",
      "control 'encrypt-data-at-rest' decides nothing for requirement '1'",
    ]);
    expect(problems[0]?.path).toBe('requirements[0].decides.configRules[0]');
    expect(problems[0]?.line).toBe(10);
    expect(problems[0]?.hint).toMatch(/add the rule to one of them \(encrypt-data-at-rest\)/);
  });

  it('a control that decides nothing once narrowed belongs under supportedBy', async () => {
    const problems = await withFramework(
      '  - id: "1"\n    title: "Policy"\n    controls: [information-security-policy, encrypt-data-at-rest]\n    decides: {configRules: [], attestations: []}\n',
    );
    const p = only(problems);
    expect(p.message).toBe("control 'encrypt-data-at-rest' decides nothing for requirement '1'");
    expect(p.path).toBe('requirements[0].controls[1]');
    expect(p.hint).toMatch(/move it to supportedBy/);
  });

  it('a control both deciding and supporting, a supporting rule that decides, an unknown supporting rule', async () => {
    const problems = await withFramework(
      '  - id: "1"\n    title: "Encrypt"\n    controls: [encrypt-data-at-rest]\n    supportedBy: [encrypt-data-at-rest]\n    supportingRules: [RDS_STORAGE_ENCRYPTED, RDS_STORAGE_ENCRYPTION]\n',
    );
    expect(problems.map((p) => p.message)).toEqual([
      "control 'encrypt-data-at-rest' is listed twice",
      "'RDS_STORAGE_ENCRYPTED' both decides and supports requirement '1'",
      "'RDS_STORAGE_ENCRYPTION' is not a known AWS Config managed-rule identifier",
    ]);
    expect(problems[0]?.hint).toMatch(/either decides the requirement \(controls\) or supports it \(supportedBy\)/);
  });
});
