import { readModelTable } from '../runner/read-model-table';
import { RECTIFICATION_FINDINGS_TABLE, RECTIFICATION_MEASURES_TABLE } from './rectifications.reader';

/**
 * The ledger (整改台账): one row per measure (整改措施), a case's or a finding's. Its holder (the case
 * or the finding: `holder_kind`, `holder_id`), responsible unit and leader, the unit that answers for
 * the holder (`lead_unit_id`: the case's lead unit now, null while a dispute leaves it none; the unit a
 * finding is against), what the finding
 * adds (campaign, problem category, size class, measure category), its due date and the due date
 * already carded, its status and the last report and 验收 words, the 回头看 date, and the stream
 * version of the last event applied to it (each event is applied once).
 */
export const rectificationMeasuresTable = readModelTable(RECTIFICATION_MEASURES_TABLE, {
  columns: `
    holder_kind         text        NOT NULL,
    holder_id           text        NOT NULL,
    measure_id          text        NOT NULL,
    version             integer     NOT NULL,
    description         text        NOT NULL,
    responsible_unit_id text        NOT NULL,
    responsible_leader  text        NOT NULL,
    lead_unit_id        text,
    campaign_id         text,
    finding_category    text,
    size_class          text,
    measure_category    text,
    due_date            date        NOT NULL,
    due_carded_for      date,
    status              text        NOT NULL,
    withdrawn           boolean     NOT NULL DEFAULT false,
    progress            text,
    reported_at         timestamptz,
    verdict             text,
    recheck_due         date,
    recheck_carded_for  date,
    times_reported      integer     NOT NULL DEFAULT 0,
    times_rejected      integer     NOT NULL DEFAULT 0,
    planned_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (holder_id, measure_id)`,
  indexes: {
    due: '(due_date, holder_id, measure_id)',
    responsible: '(responsible_unit_id)',
    lead: '(lead_unit_id)',
    campaign: '(campaign_id) WHERE campaign_id IS NOT NULL',
  },
});

/**
 * One row per finding (问题): what its measures need from it when they are planned (campaign,
 * category, the unit it is against) and the problem's words for the ledger's 问题 column. Raised
 * before its measures, so a measure copies these onto its own row; withdrawn marks them all.
 */
export const rectificationFindingsTable = readModelTable(RECTIFICATION_FINDINGS_TABLE, {
  columns: `
    finding_id   text        NOT NULL PRIMARY KEY,
    version      integer     NOT NULL,
    source_kind  text        NOT NULL,
    campaign_id  text,
    case_id      text,
    unit_id      text        NOT NULL,
    category     text        NOT NULL,
    description  text        NOT NULL,
    raised_at    timestamptz NOT NULL,
    withdrawn    boolean     NOT NULL DEFAULT false`,
  indexes: { campaign: '(campaign_id) WHERE campaign_id IS NOT NULL' },
});
