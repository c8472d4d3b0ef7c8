import { ref } from 'vue';
import type { ProblemError, Schemas } from '../../api/client';
import { useScreenLoad } from '../../api/use-screen-load';
import { isUnreadable } from '../../problems/problem-text';

type Campaign = Schemas['CampaignView'];
type Summary = Schemas['CampaignSummary'];

/** The campaign page's two requests (CampaignView.vue gives the API's; a spec its own). */
export interface CampaignReads {
  /** `GET /campaigns/{id}`; a refusal is thrown. */
  campaign(id: string): Promise<Campaign>;
  /** `GET /campaigns/{id}/summary`, or null where the caller may not read it (a unit). */
  summary(id: string): Promise<Summary> | null;
}

/** One read of the page: the campaign, and its summary or why the summary was refused. */
interface CampaignRead {
  campaign: Campaign;
  summary: Summary | null;
  summaryRefused: ProblemError | null;
}

/**
 * What the campaign page shows and its read. The page reads in two steps, the campaign and then its
 * summary, and a refused summary leaves the campaign shown with the refusal in the banner; both steps
 * are one read of useScreenLoad, so only the last read asked is shown (another campaign opened
 * before this one answered): an older campaign or summary answering later is dropped whole.
 */
export function useCampaignScreen(reads: CampaignReads) {
  const campaign = ref<Campaign | null>(null);
  const summary = ref<Summary | null>(null);
  /** 404 or an id no campaign could have (a mangled link): said as the case page says it. */
  const noAccess = ref(false);

  const screen = useScreenLoad<[string], CampaignRead>({
    start() {
      noAccess.value = false;
    },
    async read(id) {
      const found = await reads.campaign(id);
      try {
        return { campaign: found, summary: await reads.summary(id), summaryRefused: null };
      } catch (error) {
        return { campaign: found, summary: null, summaryRefused: error as ProblemError };
      }
    },
    show(answer) {
      campaign.value = answer.campaign;
      // A summary refused leaves none: the one shown was another campaign's.
      summary.value = answer.summary;
      screen.problem.value = answer.summaryRefused;
    },
    // The campaign itself refused: nothing of another one stays under this address.
    refused(refusal) {
      campaign.value = summary.value = null;
      noAccess.value = isUnreadable(refusal);
      return noAccess.value ? null : refusal;
    },
  });
  return { campaign, summary, noAccess, ...screen };
}
