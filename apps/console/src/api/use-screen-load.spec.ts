import { useScreenLoad } from './use-screen-load';
import type { ProblemError } from './client';

/** The shape the client throws (client.ts needs a browser's window to load). */
const problemOf = (status: number, code: string) =>
  Object.assign(new Error(code), { status, problem: { title: code, code } }) as unknown as ProblemError;
const notReady = problemOf(503, 'READ_MODEL_NOT_READY');

/** A read whose answers the test gives, one by one, in the order it chooses. */
function answeredByHand<Args extends unknown[], T>() {
  const asked: Array<{ args: Args; answer: (value: T) => void; refuse: (refusal: unknown) => void }> = [];
  const read = (...args: Args) => new Promise<T>((answer, refuse) => asked.push({ args, answer, refuse }));
  return { read, asked };
}

describe('useScreenLoad', () => {
  it('shows the answer, with the spinner on while it is out', async () => {
    const { read, asked } = answeredByHand<[], string>();
    const shown: string[] = [];
    const screen = useScreenLoad({ read, show: (answer) => shown.push(answer) });
    const loading = screen.load();
    expect([screen.loading.value, screen.problem.value]).toEqual([true, null]);
    asked[0].answer('台账配置');
    await loading;
    expect([shown, screen.loading.value, screen.problem.value]).toEqual([['台账配置'], false, null]);
  });

  it('by default keeps what was shown on a refusal and puts the refusal in the banner, until the next read', async () => {
    let refuse = false;
    const shown: string[] = [];
    const screen = useScreenLoad({
      read: () => (refuse ? Promise.reject(notReady) : Promise.resolve('第1版')),
      show: (answer) => shown.push(answer),
    });
    await screen.load();
    refuse = true;
    await screen.load();
    expect([shown, screen.problem.value, screen.loading.value]).toEqual([['第1版'], notReady, false]);
    refuse = false;
    const again = screen.load();
    expect(screen.problem.value).toBeNull();
    await again;
    expect(shown).toEqual(['第1版', '第1版']);
  });

  it('lets a screen empty itself on a refusal, and say a refusal in its own words instead of the banner', async () => {
    const noAccess = problemOf(404, 'CASE_NOT_FOUND');
    let refusal = noAccess;
    let shown: string | null = '案件甲';
    let saidNoAccess = false;
    const screen = useScreenLoad({
      read: () => Promise.reject(refusal),
      show(answer: string) {
        shown = answer;
      },
      refused(refused) {
        shown = null;
        saidNoAccess = refused.status === 404;
        return saidNoAccess ? null : refused;
      },
    });
    await screen.load();
    expect([shown, saidNoAccess, screen.problem.value]).toEqual([null, true, null]);
    refusal = notReady;
    await screen.load();
    expect([saidNoAccess, screen.problem.value]).toEqual([false, notReady]);
  });

  it('hands load’s arguments to each step, and runs start as the read starts', async () => {
    const { read, asked } = answeredByHand<[boolean], string[]>();
    const steps: string[] = [];
    const screen = useScreenLoad({
      start: (reset) => steps.push(`start ${reset}`),
      read,
      show: (page, reset) => steps.push(`show ${page.join()} ${reset}`),
      refused(refusal, reset) {
        steps.push(`refused ${reset}`);
        return refusal;
      },
    });
    const first = screen.load(true);
    expect(steps).toEqual(['start true']);
    asked[0].answer(['a', 'b']);
    await first;
    const more = screen.load(false);
    asked[1].refuse(notReady);
    await more;
    expect(asked.map((a) => a.args)).toEqual([[true], [false]]);
    expect(steps).toEqual(['start true', 'show a,b true', 'start false', 'refused false']);
  });
});

describe('useScreenLoad, asked again before it answered', () => {
  it('shows the last read’s answer, not the one that came back last: an earlier answer or refusal is dropped', async () => {
    const { read, asked } = answeredByHand<[string], string>();
    const shown: string[] = [];
    const emptied: string[] = [];
    const screen = useScreenLoad({
      read,
      show: (answer) => shown.push(answer),
      refused(refusal, year) {
        emptied.push(year);
        return refusal;
      },
    });
    const first = screen.load('2024');
    const second = screen.load('2025');
    const third = screen.load('2026');
    // The last read answers first; the two before it answer after it.
    asked[2].answer('2026年');
    await third;
    expect([screen.loading.value, shown]).toEqual([false, ['2026年']]);
    asked[0].refuse(notReady);
    asked[1].answer('2025年');
    await Promise.all([first, second]);
    expect([shown, emptied, screen.problem.value, screen.loading.value]).toEqual([['2026年'], [], null, false]);
  });

  it('keeps the spinner on until the last read answers', async () => {
    const { read, asked } = answeredByHand<[], string>();
    const screen = useScreenLoad({ read, show: () => undefined });
    const first = screen.load();
    const second = screen.load();
    asked[0].answer('older');
    await first;
    expect(screen.loading.value).toBe(true);
    asked[1].refuse(notReady);
    await second;
    expect([screen.loading.value, screen.problem.value]).toEqual([false, notReady]);
  });
});
