/**
 * The confirmations of the case page's acts, apart from the other labels so that node tests (the
 * browser specs) read them without the console's client. Pure, no Vue.
 */

/**
 * What the console asks before an act on a case that cannot be taken back (the finding page asks the
 * same of its measures' acts); null: the dialog's 确定 is enough. `approve`: a verification's verdict.
 * `caseTitle`: the case as the user knows it, for an act that gives the case up (a unit's dispute).
 */
export function confirmationOf(action: string, approve = true, caseTitle?: string): string | null {
  switch (action) {
    case 'close':
      return '办结后案件不能再办理（只能由纪检监察回头看重办）。确定办结？';
    case 'reject':
      return '不予受理后案件即告结束。确定不予受理？';
    case 'dispute-dispatch':
      // The unit gives the case up: it can no longer act on it, nor take the dispute back; intake decides.
      return `退回后本单位即退出${caseTitle ? `案件「${caseTitle}」` : '此案件'}的办理，且不能撤回；由受理部门改派其他单位或重新交办。确定退回？`;
    case 'report-rectification':
      return '报告后交由受理部门验收，不能再修改。确定报告整改完成？';
    case 'verify-rectification':
      return approve ? '验收通过后不能撤回。确定验收通过？' : '退回后承办单位需重新整改并报告。确定退回？';
    case 'reopen':
      return '重办后案件回到办理中，承办单位须重新办理。确定重办？';
    case 'review-reopen':
      return '回头看重办后案件回到办理中，承办单位须重新办理。确定重办？';
    default:
      return null;
  }
}

/**
 * The fields an act that asks for confirmation cannot go without, as the API's DTO and rules have
 * them (a reason, a report; 验收意见 when rejecting; 不需问责理由 when no accountability was issued):
 * left blank, the form says so at the field before asking, instead of asking, then being refused.
 * `body`: the request as it would be sent. Only the acts confirmationOf asks about.
 */
export function blankBeforeConfirming(action: string, body: Readonly<Record<string, unknown>>, accountabilityIssued: boolean): string[] {
  const blank = (field: string) => isBlank(body[field]);
  const required: Record<string, readonly string[]> = {
    reject: ['reason'],
    'dispute-dispatch': ['reason'],
    reopen: ['reason'],
    'review-reopen': ['reason'],
    'report-rectification': ['report'],
    'verify-rectification': body.approve === false ? ['note'] : [],
    close: accountabilityIssued ? [] : ['accountabilityNotRequiredReason'],
  };
  return (required[action] ?? []).filter(blank);
}

/** Whether a form's text is left blank as sent: nothing, or only white space. */
export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}
