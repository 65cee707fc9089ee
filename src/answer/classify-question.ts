/**
 * What kind of question a row asks, before anything is matched: a control question (yes / no from
 * evidence), negative-worded ("Are passwords stored in plaintext?": the practice asked about is the
 * failure, so a met control answers No), a frequency or duration ("How often ...?"), a request to
 * describe, a fact about the organisation (answered from the profile in srmap.yaml), or no question
 * at all (a thank-you, an instruction). Rules over the wording, in this order. Pure.
 */
import type { ProfileField } from '../domain/organisation-profile.js';

export const QUESTION_KINDS = ['control', 'frequency', 'descriptive', 'factual', 'not-a-question'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface QuestionClass {
  kind: QuestionKind;
  /** Control questions only: the wording asks about the failure, so the answer is inverted. */
  negative: boolean;
  /** Factual questions: the profile field that answers it. */
  field?: ProfileField;
  /** The rule that decided, for the reviewer. */
  rule: string;
  /** Descriptive questions that ask for values or a pick from a list: answered by hand. */
  asksForValues?: boolean;
}

const has = (re: RegExp, s: string) => re.test(s);

/** Rows that are not questions: thanks, instructions, closing notes, empty labels. */
const NOT_A_QUESTION = [
  /^thank(s| you)\b/i,
  /\bthank you for\b/i,
  /^(end of (the )?(questionnaire|section|assessment)|comments?:?|notes?:?|n\/a|-+)$/i,
  /^(please )?(return|send|submit|complete|attach|answer|read|use)\b(?!.*\?)/i,
  /^(instructions?|guidance|section \d+|part [a-z0-9]+)\b[^?]*$/i,
  /^this (workbook|questionnaire|form|section|document|sheet|tab|assessment)\b[^?]*$/i,
  /^(congratulations|good news|well done)\b/i,
  // An open invitation to comment is no question about a practice.
  /^(is there anything else|do you have any (other|further|additional) (comments|remarks|information)|(please )?provide any (other|further|additional) (comments|information)|any (other|further|additional) (comments|remarks))\b/i,
];

/** Facts about the organisation, by profile field. Tried in order; the first that matches wins. */
const FACTS: readonly { field: ProfileField; re: RegExp }[] = [
  { field: 'breachHistory', re: /\b(had|experienced|suffered|been (the )?subject of|been involved in)\b.*\b(breach|breaches|compromise|incident)\b|\b(breach|breaches)\b.*\b(in|during|within) the (last|past)\b/i },
  { field: 'aiUse', re: /\b(machine learning|artificial intelligence|AI|ML|LLM|large language models?|generative)\b|\btrain(ed|ing)? (any |the |your )?(machine learning |ML |AI )?models?\b/ },
  { field: 'insurance', re: /\binsurance\b/i },
  { field: 'certifications', re: /\b(SOC ?[123]( type (I|II|1|2))?( report)?|ISO(\/IEC)? ?27001 (certif\w*|audit|registration)|certified|certification|attestation of compliance|\bAoC\b|HITRUST|FedRAMP|(third[- ]party|independent) (auditor|assessor|audit|assessment)|assessed your controls)\b/i },
  { field: 'offshoreAccess', re: /\b(workforce|staff|personnel|employees?|support|engineers?|contractors?|anyone|people)\b[^?]*\boutside (of )?(the )?(united states|US|USA|EU|EEA|UK|country|region)\b|\boffshore\b/i },
  { field: 'subProcessors', re: /\bsub-?processors?\b|\bfourth[- ]part(y|ies)\b|\b(list|name|identify|which|who are)\b[^?.]*\b(sub-?contractors?|third[- ]parties|vendors|suppliers)\b[^?.]*\b(process|access|handle|deliver|support|on your behalf)|\b(do you use|are there|use any)\b[^?.]*\b(sub-?contractors?|sub-?processors?)\b|\b(sub-?contracted|sub-?contract)\b[^?]*\blist\b/i },
  { field: 'privacyContact', re: /\b(privacy (officer|contact|matters|lead)|data protection officer|DPO)\b/i },
  { field: 'securityContact', re: /\b(security (contact|officer name|point of contact)|incident contact|\b(name|contact|email|who)\b[^?]*\b(accountable|responsible) for (information )?security)\b|\bsecurity incident contact\b|\bname and email of your security\b/i },
  { field: 'hosting', re: /\b(hosting|cloud|infrastructure|iaas|paas) (provider|platform|vendor)s?\b|\bhosted by\b|\bwhich cloud\b|\bwhere is the (service|solution|application|platform) hosted\b/i },
  { field: 'dataLocations', re: /\b(where|which (countries|country|regions?|locations?|data cent(er|re)s?))\b[^?]*\b(data|ePHI|PHI|information|stored|hosted|held|processed|reside)\b|\b(countr(y|ies)|regions?|locations?|geograph\w*|jurisdictions?)\b[^?]*\b(data|ePHI|PHI)\b[^?]*\b(stored|hosted|held|processed|resides?|located)\b|\b(held|stored|hosted) outside\b|\bdata (residency|locali[sz]ation)\b/i },
  // Place abbreviations are matched in capitals only ("US", not "us").
  { field: 'dataLocations', re: /\b(data|ePHI|PHI|information)\b[^?]*\b(stored|hosted|held|processed|located|resides?)\b[^?]*\b(in|outside( of)?)\b[^?]*\b(EEA|EU|European Union|Europe|UK|United Kingdom|United States|US|USA|Canada|Australia|country|countries|region|jurisdiction)\b/ },
  { field: 'legalName', re: /\b(legal|registered|company|vendor|supplier|organi[sz]ation|business|entity|provider)('s)? (full )?(legal )?name\b|\bname of (your|the) (company|organi[sz]ation|vendor|supplier|responding)|^(vendor|supplier|company|organi[sz]ation) name|\bfull legal name\b|\bwhat is the name of your (company|organi[sz]ation)\b/i },
  { field: 'product', re: /\b(products?|services?|solutions?)( or services?)?( name)?\b[^?]*\b(assessed|in scope|covered|being assessed|scope of)\b|\bname of the (products?|services?|solution|application|platform|system)\b|\bwhich (product|service|solution)s? (is|are) (covered|in scope|assessed)\b/i },
  { field: 'headquarters', re: /\b(headquarters?|head office|registered office|business address|principal (place|office)|primary (business )?address|country of (incorporation|registration)|where is your company (based|located))\b/i },
  { field: 'website', re: /\b(company )?(website|web site|homepage)\b/i },
  { field: 'employees', re: /\b(number of|how many) (full[- ]time )?(employees|staff|people|personnel|FTEs?)\b|\bheadcount\b|\bfull[- ]time staff\b/i },
];

const FREQUENCY = /^(how often|how frequently|at what (frequency|interval)|what is the (frequency|cadence|interval)|frequency of|how long (are|is|do you (keep|retain))|what is the retention)\b|\bhow often\b/i;
const DESCRIPTIVE = /^(please )?(briefly )?(describe|explain|outline|detail|summari[sz]e|provide (details|a description|an overview|more details)|walk us through|tell us)\b|^(a )?(brief |short )?description\b|^how (do|will|does|are|is|would|can|should)\b|^what (is|are) (your|the) (process|approach|procedure|method|sla|slas|strategy|plan for|recovery time|rto|rpo)\b|^(within )?how (many|much|quickly|soon)\b|^what (are|is) your\b|^which\b/i;

/**
 * Negative-worded control questions name a failure. Each pattern is a failure; a remedy verb or a
 * negation elsewhere in the question ("Are default passwords changed?", "Is plaintext storage
 * prohibited?") turns it back into an ordinary control question.
 */
const FAILURES: readonly RegExp[] = [
  /\b(plain ?text|clear ?text|unencrypted|without encryption|not encrypted)\b/i,
  /\bhard[- ]?coded\b/i,
  /\b(shared|generic|group)\b[^?]{0,30}\b(accounts?|ids?|user ?ids?|credentials?|logins?|passwords?)\b/i,
  /\b(use|share|have) the same\b[^?]{0,40}\b(passwords?|credentials?)\b/i,
  /\b(vendor[- ]supplied |vendor )?default (passwords?|credentials?|accounts?)\b/i,
  /\b(publicly|public(ly)?) (accessible|readable|exposed|open)\b|\bpublic (read|write|access)\b/i,
  /\b(directly )?(reachable|accessible|exposed) from the internet\b/i,
  /\b(no longer supported|end[- ]of[- ](life|support)|unsupported|out[- ]of[- ]support)\b/i,
  /\binsecure (services?|protocols?)\b|\b(telnet|ftp)\b[^?]*\benabled\b/i,
  /\b(never expire|non[- ]expiring)\b/i,
  /\breuse\b[^?]*\bpasswords?\b/i,
  /\broot\b[^?]*\b(day[- ]to[- ]day|everyday|daily|access keys?)\b|\b(master|root) (administrator )?account (is )?used\b/i,
  /\beveryday accounts?\b[^?]*\badmin/i,
  /\b(production|live)( production)? data\b[^?]*\b(test|testing|development|dev|non[- ]production)\b/i,
  /\b(sell|sold|rent|share)\b[^?]*\b(personal|customer|user) (data|information)\b[^?]*\b(marketing|advertis|third parties)\b/i,
  /\b(disabled|altered|turned off|bypassed) by (users|end users|staff)\b/i,
  /\bretain(ed)?\b[^?]*\bafter authori[sz]ation\b/i,
  /\bthe only (protection|control|safeguard)\b/i,
  /\bpersonal devices\b[^?]*\bwithout\b/i,
  /\bdevices? that (are|is) not (owned|managed)\b|\bunmanaged devices?\b|\bnon[- ](company|corporate)[- ](owned|managed) devices?\b/i,
  /\b(earlier|older|outdated|legacy) (operating system )?versions?\b|\bstill (have|run|use)\b[^?]*\b(windows (xp|vista|7)|unsupported)\b/i,
  /\b(pre-?populated|pre-?filled) with\b[^?]*\b(confidential|sensitive|personal)\b/i,
  /\bwithout (approval|authori[sz]ation|review|testing|mfa|multi-factor)\b/i,
];
const REMEDY = /\b(not|never|no|none|prohibit\w*|prevent\w*|disallow\w*|forbid\w*|block\w*|den(y|ied|ies)|avoid\w*|changed?|removed?|disabled?|deleted?|masked?|rotated?|replaced?|eliminated?|restrict\w*|stop\w*|detect\w*)\b/i;

function negativeWording(q: string): { negative: boolean; rule?: string } {
  for (const re of FAILURES) {
    const m = re.exec(q);
    if (!m) continue;
    const rest = q.slice(0, m.index) + ' ' + q.slice(m.index + m[0].length);
    if (REMEDY.test(rest)) return { negative: false, rule: `names a failure (${m[0]}) with a remedy or negation` };
    return { negative: true, rule: `names a failure: "${m[0]}"` };
  }
  return { negative: false };
}

/**
 * Scoping questions about the organisation's own systems, which no evidence status answers and no
 * profile field holds ("Does any part of the application employ password logins?", "Does your
 * application allow users to change their passwords?", "Do you operate a VPN?", "Is the management
 * of your network outsourced?"): facts, answered by hand.
 */
const SCOPING = /^(does|do|will|can) (any part of |any component of )?(your |the )(application|service|product|solution|platform|software|app)s? (allow|let|employ)\b|^(does|do|is|are) any part of\b|^do you operate\b|^do you use (any )?(third[- ]party|external|outsourced|hosted)\b|^(is|are)\b[^?]*\boutsourced\b/i;

/**
 * Asks for values or a pick from a list ("Which SSO mechanisms ...?", "Select the operating systems
 * in use", "Where is the root password kept?"): answered by hand, never Yes / No from evidence.
 */
const ASKS_FOR_VALUES = /^(what|which|where|who|whom|select|list|name|identify|indicate)\b|^(to|in|for|at|from|with) (what|which|whom)\b|^(please )?(provide|give|enter|share) (us )?(a |an |the )?(link|url|e-?mail|list|names?|copy|number|contact)/i;
const CHECK_ALL = /\(check all that apply\.?\)|\bselect (all|the|any)\b[^?]*\b(that|which) apply\b/i;

/**
 * The sentence that asks: a question often opens with a sentence of context ("Firewalls are a basic
 * network security control. Does your company use firewalls ...?") or ends with an instruction
 * ("... ? If yes, please provide them below:"). The sentence holding the first question mark, else the whole text.
 */
export function askingSentence(q: string): string {
  const mark = q.indexOf('?');
  if (mark < 0) {
    // No question mark: an instruction after a sentence of context ("... vulnerabilities. Select the ...").
    const sentences = q.split(/(?<=[.!:])\s+(?=[A-Z])/);
    const asks = sentences.slice(1).find((x) => /^(please )?(select|list|describe|explain|provide|name|identify|indicate)\b/i.test(x));
    return asks ?? q;
  }
  let start = 0;
  const boundary = /[.!:?]\s+(?=[A-Z"'(])/g;
  for (let m = boundary.exec(q); m && m.index < mark; m = boundary.exec(q)) start = m.index + m[0].length;
  return q.slice(start, mark + 1).trim();
}

export function classifyQuestion(text: string, options: { hasId?: boolean } = {}): QuestionClass {
  const whole = text.replace(/\s+/g, ' ').trim();
  const q = askingSentence(whole);
  if (q === '' || !/[a-z]/i.test(q)) return { kind: 'not-a-question', negative: false, rule: 'no words' };
  if (NOT_A_QUESTION.some((re) => re.test(q))) return { kind: 'not-a-question', negative: false, rule: 'a note, not a question' };
  for (const f of FACTS) if (has(f.re, q)) return { kind: 'factual', negative: false, field: f.field, rule: `asks for ${f.field}` };
  if (SCOPING.test(q)) return { kind: 'factual', negative: false, rule: 'a scoping question about the organisation\'s systems: no profile field holds it' };
  if (FREQUENCY.test(q)) return { kind: 'frequency', negative: false, rule: 'asks how often or how long' };
  if (ASKS_FOR_VALUES.test(q) || CHECK_ALL.test(whole)) return { kind: 'descriptive', negative: false, asksForValues: true, rule: 'asks for values or a pick from a list' };
  if (DESCRIPTIVE.test(q)) return { kind: 'descriptive', negative: false, rule: 'asks for a description' };
  // A short label without a question mark, a verb or an id is a section title that was not merged.
  if (!options.hasId && !q.includes('?') && q.split(' ').length <= 4 && !/\b(is|are|do|does|has|have|shall|must|should|will|can)\b/i.test(q)) {
    return { kind: 'not-a-question', negative: false, rule: 'a short label with no question' };
  }
  const neg = negativeWording(q);
  return { kind: 'control', negative: neg.negative, rule: neg.rule ?? 'a yes / no question about a practice' };
}
