import type { MeasureDue, MeasureFields, SizeClass } from '../rectification/measure.model';

/**
 * Where a finding (问题 / 意见建议) comes from: a campaign, or standalone — an unannounced inspection
 * (明查暗访), a leader's written instruction (领导批示), a visit to an enterprise (企业走访), or a
 * complaint case it follows from.
 */
export type FindingSource =
  | { kind: 'campaign'; campaignId: string }
  | { kind: 'inspection' }
  | { kind: 'leader_instruction' }
  | { kind: 'enterprise_visit' }
  | { kind: 'case'; caseId: string };
export const FINDING_SOURCE_KINDS = ['campaign', 'inspection', 'leader_instruction', 'enterprise_visit', 'case'] as const;

/** Who raised a finding: an enterprise, a CPPCC member or deputy, an inspector, a citizen, an office. */
export const RAISER_KINDS = ['enterprise', 'member', 'inspector', 'citizen', 'office'] as const;
export type RaiserKind = (typeof RAISER_KINDS)[number];

/** Raisers who are organisations: their name is no personal data, and is the reference itself. */
const ORGANISATION_RAISERS: readonly RaiserKind[] = ['enterprise', 'office'];

/** Whether a raiser is a person (a member, an inspector, a citizen), kept sealed in the store of people. */
export const raiserIsPerson = (kind: RaiserKind): boolean => !ORGANISATION_RAISERS.includes(kind);

/**
 * Who raised a finding as the finding's stream knows them: a reference into the store of people
 * (as ComplainantReference is for a complainant), never a name or phone in the log. A person
 * raising a problem about a unit is protected as a complainant is (docs/ledger.md#who-raised-it),
 * and a reference can be forgotten (crypto-shredded) while the log stays intact.
 */
export interface RaisedByReference {
  kind: RaiserKind;
  ref: string;
}

/** A finding's measure as recorded: the shared measure, with a size class and a category. */
export type FindingMeasureFields = MeasureFields & { sizeClass: SizeClass; category: string };

/** A finding's measure as planned: its due date as a date or as working days from a date. */
export interface MeasureProposal {
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  due: MeasureDue;
  sizeClass: SizeClass;
  category: string;
}

/**
 * What the command handler knows of the campaign a finding is raised in (the decider reads no other
 * stream): whether it exists, whether it is closed, which units it appraises, and its year.
 */
export interface CampaignFacts {
  exists: boolean;
  closed: boolean;
  appraisedUnitIds: readonly string[];
  /** The year the campaign runs in (0 when it does not exist): a finding of it is raised in that year, in Beijing. */
  year: number;
}
