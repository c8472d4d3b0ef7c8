import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * The run's log of contract checks: each test process appends one line per checked response to a
 * file of its own in the folder global-setup.ts makes; global-teardown.ts adds them up and prints it.
 */

/** Environment variable global-setup.ts sets: the folder each test process appends its checks to. */
export const CONTRACT_LOG_DIR = 'TEST_CONTRACT_LOG_DIR';

export function record(requestLine: string, problems: string[], offContractRequest: boolean): void {
  const dir = process.env[CONTRACT_LOG_DIR];
  if (!dir) return;
  const outcome = problems.length > 0 ? 'violation' : offContractRequest ? 'off-contract' : 'ok';
  const detail = problems.length > 0 ? `\t${problems.join(' | ')}\t(${currentTest()})` : '';
  fs.appendFileSync(path.join(dir, `${process.pid}.tsv`), `${outcome}\t${requestLine}${detail}\n`);
}

/** The spec file and test that made the request, as jest knows them, to find a violation again. */
function currentTest(): string {
  const state = (globalThis as { expect?: { getState(): { testPath?: string; currentTestName?: string } } }).expect?.getState();
  return state ? `${path.relative(process.cwd(), state.testPath ?? '')}: ${state.currentTestName ?? 'a hook'}` : 'outside a test';
}

/** The run's tally, read by global-teardown.ts: every line one checked response. */
export function contractTally(dir: string): { checked: number; violations: string[]; offContract: number } {
  const lines = fs
    .readdirSync(dir)
    .flatMap((file) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n'))
    .filter(Boolean);
  return {
    checked: lines.length,
    violations: lines.filter((line) => line.startsWith('violation\t')).map((line) => line.slice('violation\t'.length)),
    offContract: lines.filter((line) => line.startsWith('off-contract\t')).length,
  };
}
