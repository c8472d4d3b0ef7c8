import type { ProblemError, Schemas } from '../../api/client';
import { useCampaignScreen } from './campaign-screen';

type Campaign = Schemas['CampaignView'];
type Summary = Schemas['CampaignSummary'];

/** The shape the client throws (client.ts needs a browser's window to load). */
const problemOf = (status: number, code: string) =>
  Object.assign(new Error(code), { status, problem: { title: code, code } }) as unknown as ProblemError;
const notReady = problemOf(503, 'PROJECTION_NOT_READY');
const notFound = problemOf(404, 'CAMPAIGN_NOT_FOUND');

const campaignOf = (id: string) => ({ campaignId: id, name: `评议活动 ${id}` }) as unknown as Campaign;
const summaryOf = (id: string) => ({ campaignId: id, findings: { value: id.length } }) as unknown as Summary;

/**
 * The page's requests, answered by the test, request by request, in the order it chooses: each
 * answer is kept by what it answers (`campaign A`, `summary A`), so the test may give it before the
 * page asks (the summary is asked only once its campaign has answered) and it arrives no sooner.
 */
function answeredByHand(options: { summaries: boolean } = { summaries: true }) {
  const pending = new Map<string, { promise: Promise<unknown>; answer(value: unknown): void; refuse(refusal: unknown): void }>();
  const asked: string[] = [];
  const request = (key: string) => {
    if (!pending.has(key)) {
      let answer!: (value: unknown) => void;
      let refuse!: (refusal: unknown) => void;
      const promise = new Promise<unknown>((resolve, reject) => ((answer = resolve), (refuse = reject)));
      pending.set(key, { promise, answer, refuse });
    }
    return pending.get(key)!;
  };
  const screen = useCampaignScreen({
    campaign: (id) => (asked.push(`campaign ${id}`), request(`campaign ${id}`).promise as Promise<Campaign>),
    summary: (id) => (options.summaries ? (asked.push(`summary ${id}`), request(`summary ${id}`).promise as Promise<Summary>) : null),
  });
  const shown = () => ({
    campaign: (screen.campaign.value as { campaignId?: string } | null)?.campaignId ?? null,
    summary: (screen.summary.value as { campaignId?: string } | null)?.campaignId ?? null,
    problem: screen.problem.value?.problem.code ?? null,
    noAccess: screen.noAccess.value,
    loading: screen.loading.value,
  });
  return {
    screen,
    asked,
    shown,
    answer: (key: string, value: unknown) => request(key).answer(value),
    refuse: (key: string, refusal: unknown) => request(key).refuse(refusal),
  };
}

describe('the campaign page (CampaignView)', () => {
  it('shows the campaign and its summary, read one after the other', async () => {
    const page = answeredByHand();
    const opened = page.screen.load('A');
    expect(page.shown()).toMatchObject({ campaign: null, loading: true });
    page.answer('campaign A', campaignOf('A'));
    page.answer('summary A', summaryOf('A'));
    await opened;
    expect(page.asked).toEqual(['campaign A', 'summary A']);
    expect(page.shown()).toEqual({ campaign: 'A', summary: 'A', problem: null, noAccess: false, loading: false });
  });

  it('keeps the campaign up when its summary is refused, the refusal in the banner', async () => {
    const page = answeredByHand();
    const opened = page.screen.load('A');
    page.answer('campaign A', campaignOf('A'));
    page.refuse('summary A', notReady);
    await opened;
    expect(page.shown()).toEqual({ campaign: 'A', summary: null, problem: 'PROJECTION_NOT_READY', noAccess: false, loading: false });
  });

  it('says 无权查看或不存在 for a campaign it may not read, and asks no summary of it', async () => {
    const page = answeredByHand();
    const opened = page.screen.load('A');
    page.refuse('campaign A', notFound);
    await opened;
    expect(page.asked).toEqual(['campaign A']);
    expect(page.shown()).toEqual({ campaign: null, summary: null, problem: null, noAccess: true, loading: false });
  });

  it('asks a unit’s page no summary', async () => {
    const page = answeredByHand({ summaries: false });
    const opened = page.screen.load('A');
    page.answer('campaign A', campaignOf('A'));
    await opened;
    expect(page.asked).toEqual(['campaign A']);
    expect(page.shown()).toEqual({ campaign: 'A', summary: null, problem: null, noAccess: false, loading: false });
  });
});

describe('the campaign page, another campaign opened before the first answered', () => {
  it('shows the last one opened: the first one’s campaign and summary answering after it are dropped', async () => {
    const page = answeredByHand();
    const first = page.screen.load('A');
    const second = page.screen.load('B');
    page.answer('campaign B', campaignOf('B'));
    page.answer('summary B', summaryOf('B'));
    await second;
    expect(page.shown()).toEqual({ campaign: 'B', summary: 'B', problem: null, noAccess: false, loading: false });
    page.answer('campaign A', campaignOf('A'));
    page.answer('summary A', summaryOf('A'));
    await first;
    expect(page.shown()).toEqual({ campaign: 'B', summary: 'B', problem: null, noAccess: false, loading: false });
  });

  it('drops the first one’s summary, or its refusal, arriving between the steps of the second or after it', async () => {
    const page = answeredByHand();
    const first = page.screen.load('A');
    const second = page.screen.load('B');
    // The first campaign answers first, so its summary is asked while the second read is out.
    page.answer('campaign A', campaignOf('A'));
    page.answer('campaign B', campaignOf('B'));
    page.answer('summary B', summaryOf('B'));
    await second;
    page.refuse('summary A', notReady);
    await first;
    expect(page.asked).toEqual(expect.arrayContaining(['summary A', 'summary B']));
    expect(page.shown()).toEqual({ campaign: 'B', summary: 'B', problem: null, noAccess: false, loading: false });
  });

  it('drops the first one’s refusal (无权查看) answering after the second was shown', async () => {
    const page = answeredByHand();
    const first = page.screen.load('A');
    const second = page.screen.load('B');
    page.answer('campaign B', campaignOf('B'));
    page.answer('summary B', summaryOf('B'));
    await second;
    page.refuse('campaign A', notFound);
    await first;
    expect(page.shown()).toEqual({ campaign: 'B', summary: 'B', problem: null, noAccess: false, loading: false });
  });

  it('keeps the spinner on until the last one opened has answered, the first one answering before it', async () => {
    const page = answeredByHand();
    const first = page.screen.load('A');
    const second = page.screen.load('B');
    page.answer('campaign A', campaignOf('A'));
    page.answer('summary A', summaryOf('A'));
    await first;
    expect(page.shown()).toMatchObject({ campaign: null, summary: null, loading: true });
    page.answer('campaign B', campaignOf('B'));
    page.refuse('summary B', notReady);
    await second;
    expect(page.shown()).toEqual({ campaign: 'B', summary: null, problem: 'PROJECTION_NOT_READY', noAccess: false, loading: false });
  });
});
