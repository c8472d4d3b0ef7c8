import { formatLocalDate } from '../format';

/**
 * How a message names what the problem names by id: a unit by its registry name, a category by its
 * label in the policy in force. The views pass the console's (ProblemBanner: api/reference.ts, or a
 * view's own, e.g. the time limits it shows); without them, the id itself (SAID_BY_ID).
 */
export interface ProblemNames {
  unit(id: string): string;
  category(code: string): string;
}
export const SAID_BY_ID: ProblemNames = { unit: (id) => id, category: (code) => code };

type Facts = Readonly<Record<string, unknown>>;

/** A message, or one told with the facts the problem carries beside its code (the date at fault, the year, …). */
export type CodeMessage = string | ((facts: Facts, names: ProblemNames) => string);

/** A fact of the problem as text, `fallback` when the API did not give it. */
const fact = (facts: Facts, name: string, fallback: string): string =>
  typeof facts[name] === 'string' || typeof facts[name] === 'number' ? String(facts[name]) : fallback;

/** A fact that is a text with something in it, '' otherwise (an empty code names nothing). */
const text = (facts: Facts, name: string): string => (typeof facts[name] === 'string' ? (facts[name] as string).trim() : '');

/** A fact that is a list of texts (measure ids, unit ids), [] when the API did not give one. */
const list = (facts: Facts, name: string): string[] =>
  Array.isArray(facts[name]) ? (facts[name] as unknown[]).filter((item): item is string => typeof item === 'string') : [];

/** A count the problem carries (a whole number), null when it has none. */
const count = (facts: Facts, name: string): number | null =>
  typeof facts[name] === 'number' && Number.isInteger(facts[name]) ? (facts[name] as number) : null;

/** A date fact (2026-03-02) in Chinese (2026年3月2日), null when the problem has none. */
const day = (facts: Facts, name: string): string | null =>
  typeof facts[name] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(facts[name]) ? formatLocalDate(facts[name]) : null;

/**
 * CATEGORY_IN_USE: each category dropped that open cases still use, by its label, with how many
 * (`categories`, `openCasesByCategory`, `openCases`).
 */
function categoriesInUse(facts: Facts, names: ProblemNames): string {
  const codes = list(facts, 'categories');
  const byCategory = (facts.openCasesByCategory ?? {}) as Record<string, unknown>;
  const counts = codes.map((code) => (typeof byCategory[code] === 'number' ? (byCategory[code] as number) : null));
  const total = count(facts, 'openCases');
  if (codes.length === 0) return `该类别仍有${total === null ? '' : ` ${total} 件`}未办结案件使用，不能删除`;
  if (codes.length === 1) {
    const n = counts[0] ?? total;
    return `类别「${names.category(codes[0]!)}」仍有${n === null ? '' : ` ${n} 件`}未办结案件使用，不能删除`;
  }
  // Several: each with its own count when the problem gives them, else the total after them all.
  const each = codes.map((code, i) => `「${names.category(code)}」${counts[i] === null ? '' : `（${counts[i]} 件）`}`);
  const after = counts.every((n) => n !== null) || total === null ? '' : ` ${total} 件`;
  return `类别${each.join('、')}仍有${after}未办结案件使用，不能删除`;
}

/**
 * The most one inspection deduction may cost: the whole score, 100 points (DEDUCTION_POINTS_MAX in
 * libs/domain's appraisal-inputs.model.ts), so at most 1000 lapses of 0.1 (LAPSE_COUNT_MAX), or
 * person-times × points per person-time (0.5–1) at most 100. The console imports no package: these are
 * kept in step by hand, and test/contract/console-deduction-limits.spec.ts fails when they drift.
 */
export const DEDUCTION_POINTS_MAX = 100;
export const LAPSE_COUNT_MAX = 1000;

/** INVALID_DEDUCTION: what the field at fault must be, the limit of one deduction named where it is the count. */
function invalidDeduction(facts: Facts): string {
  switch (text(facts, 'field')) {
    case 'count':
      return `日常工作不到位的次数须为1到${LAPSE_COUNT_MAX}之间的整数：每处扣0.1分，一项扣分最多扣${DEDUCTION_POINTS_MAX}分`;
    case 'personTimes':
      return `人次须为正整数，且人次×每人次扣分不超过${DEDUCTION_POINTS_MAX}分（一项扣分最多扣${DEDUCTION_POINTS_MAX}分）`;
    case 'pointsPerPersonTime':
      return '违反作风建设规定每人次扣0.5到1分，最多两位小数';
    case 'kind':
      return '请选择扣分类别（违反作风建设规定或日常工作不到位）';
    case 'reason':
      return '请填写扣分事由';
    case 'occurredOn':
      return '扣分日期不正确';
    case 'deductionId':
      return '请填写扣分编号';
    default:
      return `扣分不符合规则：一项扣分最多扣${DEDUCTION_POINTS_MAX}分（日常工作不到位最多${LAPSE_COUNT_MAX}处，违反作风建设规定人次×每人次扣分不超过${DEDUCTION_POINTS_MAX}分）`;
  }
}

/**
 * What each of the API's problem codes means to a civil servant, in Chinese. The API's `title` and
 * `detail` are English and for support (the banner shows only 错误代码 and keeps them as its tooltip); the user reads
 * these. One entry per code the OpenAPI document lists (code-messages.spec.ts holds the table to it)
 * and per code the console makes up itself (NETWORK_ERROR, …). Pure: no Vue.
 */
export const CODE_MESSAGES: Readonly<Record<string, CodeMessage>> = {
  // Requests the API could not read (400)
  BAD_REQUEST: '提交的内容有误，请检查后重试',
  INVALID_CHARACTER: '内容中含有无法识别的字符，请删除后重试',
  MALFORMED_JSON: '提交的内容格式有误，请刷新页面后重试',
  MALFORMED_REQUEST: '提交的内容格式有误，请刷新页面后重试',
  JSON_LIMIT_EXCEEDED: '提交的内容过多，请精简后重试',
  VALIDATION_FAILED: '有些内容未填写或填写有误，请按提示修改',
  INVALID_IDEMPOTENCY_KEY: '请求编号有误，请刷新页面后重试',
  INVALID_IF_MATCH: '数据版本有误，请刷新页面后重试',
  INVALID_CORRELATION_ID: '请求编号有误，请刷新页面后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请精简后重试',
  REQUEST_HEADERS_TOO_LARGE: '请求过大，请重新登录后重试',
  UNSUPPORTED_MEDIA_TYPE: '提交的内容格式不受支持，请刷新页面后重试',
  REQUEST_TIMEOUT: '请求超时，请稍后重试',
  // Who may do what (401, 403)
  UNAUTHENTICATED: '尚未登录或登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  TOKEN_INVALID: '登录凭证无效，请重新登录',
  TOKEN_CLAIMS_INVALID: '登录凭证缺少角色或单位信息，请联系管理员',
  FORBIDDEN_ROLE: '您的角色无权进行此操作',
  FORBIDDEN_UNIT: '此事项不属于您的单位，无权操作',
  // Concurrency and repeats (409, 412)
  CONCURRENT_MODIFICATION: '数据已被他人修改，请刷新后重试',
  VERSION_MISMATCH: '数据已被他人修改，请刷新后重试',
  EVENT_ID_CONFLICT: '操作冲突，请刷新后重试',
  IDEMPOTENCY_KEY_IN_PROGRESS: '同一操作正在处理中，请稍候',
  IDEMPOTENCY_KEY_REUSED: '该操作已提交过，请刷新后确认结果',
  // The server (429, 500, 503)
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  INTERNAL_ERROR: '服务器内部错误，请稍后重试或联系管理员',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试',
  IDENTITY_PROVIDER_UNAVAILABLE: '统一身份认证暂不可用，请稍后再试',
  PROJECTION_NOT_READY: '数据正在统计中，请稍后刷新',
  CHECKPOINT_KEY_MISSING: '日志校验密钥未配置，请联系管理员',
  AUDIT_READ_MODEL_DAMAGED: '审计日志索引与事件日志不一致，已停止显示；请联系管理员执行完整性校验并重建审计索引',
  // Cases
  CASE_NOT_FOUND: '未找到该案件',
  CASE_ALREADY_EXISTS: '该案件已存在',
  CASE_CLOSED: '案件已办结，不能再办理',
  CASE_REJECTED: '投诉已不予受理，不能再办理',
  CASE_NOT_ACCEPTED: '请先受理投诉，再交办',
  CASE_NOT_AWAITING_ACCEPTANCE: '该投诉已受理',
  CASE_NOT_CLOSED: '案件尚未办结，不能回头看重办',
  CASE_NOT_DISPATCHED: '案件尚未交办承办单位',
  QUERY_CODE_NOT_FOUND: '查询码无效或已失效',
  RECEIVED_AT_IN_FUTURE: '受理时间不能晚于现在',
  DESCRIPTION_REQUIRED: '请填写问题描述',
  UNKNOWN_CATEGORY: '问题类别不在现行分类中',
  UNKNOWN_URGENCY: '紧急程度不在可选范围内',
  COMPLAINANT_ANONYMOUS: '匿名投诉无法回访投诉人',
  COMPLAINANT_ALREADY_ERASED: '投诉人身份信息已删除',
  COMPLAINANT_KEY_UNAVAILABLE: '投诉人信息暂无法解密，请联系管理员',
  RETENTION_NOT_ENDED: '案件办结或不予受理后才能结束保存期限',
  // Units on a case
  LEAD_UNIT_REQUIRED: '请先交办主办单位，再交办协办单位',
  LEAD_UNIT_ALREADY_ASSIGNED: (f, names) =>
    typeof f.leadUnitId === 'string' ? `该案件已有主办单位：${names.unit(f.leadUnitId)}` : '该案件已有主办单位',
  NOT_LEAD_UNIT: '只有主办单位可以进行此操作',
  UNIT_ALREADY_ON_CASE: '该单位已在办理此案件',
  UNIT_ALREADY_ACKNOWLEDGED: '该单位已签收此案件',
  UNIT_ALREADY_REPORTED: '已报告办理情况的单位不能退回交办',
  UNIT_NOT_ACKNOWLEDGED: '承办单位须先签收案件',
  UNIT_NOT_NOTIFIED: '该单位未承办此案件',
  TRANSFER_TO_SAME_UNIT: '请改派给另一个单位',
  EXTENSION_ALREADY_PENDING: '已有延期申请待审批',
  EXTENSION_AFTER_DEADLINE: (f) => `办理期限${day(f, 'handlingDue') ? `（${day(f, 'handlingDue')}）` : ''}已过，不能再申请延期`,
  NO_EXTENSION_PENDING: '该单位没有待审批的延期申请',
  INVALID_WORKING_DAYS: '延期天数不在允许范围内',
  DEADLINE_NOT_YET_PASSED: (f) => `期限${day(f, 'dueDate') ? `（${day(f, 'dueDate')}）` : ''}尚未届满`,
  INTERVIEW_DETAILS_REQUIRED: '约谈须填写约谈日期',
  INTERVIEW_IN_FUTURE: '约谈日期不能晚于今天，请在约谈后登记',
  INTERVIEW_BEFORE_CASE: '约谈日期不能早于案件受理日期',
  // Handling, rectification, closing
  HANDLING_NOT_REPORTED: '请先报告办理情况，再制定整改方案',
  RECTIFICATION_EMPTY: '请至少填写一项整改措施，或说明无需整改的理由',
  RECTIFICATION_ALREADY_PLANNED: '整改措施与“无需整改”只能选其一',
  MEASURES_EMPTY: '请至少填写一项整改措施',
  MEASURE_DUE_IN_PAST: '整改时限不能早于今天',
  MEASURE_NOT_FOUND: '未找到该整改措施',
  MEASURE_NOT_OPEN: '该整改措施当前不能报告',
  MEASURE_NOT_REPORTED: '该整改措施尚未报告完成',
  MEASURE_NOT_VERIFIED: '该整改措施尚未验收通过',
  MEASURE_ALREADY_VERIFIED: '该整改措施已验收通过，无需再次验收',
  MEASURE_ALREADY_RECHECKED: '该整改措施已完成回头看，无需重复回头看',
  MEASURE_NOT_YOURS: '该整改措施不由您的单位负责',
  REJECTION_REASON_REQUIRED: '请填写验收退回的理由',
  NEW_DUE_REQUIRED: '重新整改须填写新的完成时限',
  REOPEN_NOT_ALLOWED: '只有回访不满意或验收不通过的案件才能重办',
  REOPEN_REASON_REQUIRED: '请填写重办理由',
  REOPEN_REQUIRED: '投诉人不满意，请先重办再回访',
  CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED: '办结前须作出问责决定，或填写不需问责的理由',
  CLOSURE_GATE_FACTS_MISSING: '主办单位尚未查清问题，不能办结',
  CLOSURE_GATE_MEASURES_UNVERIFIED: (f) =>
    list(f, 'measureIds').length > 0
      ? `整改措施 ${list(f, 'measureIds').join('、')} 尚未验收通过，不能办结`
      : '还有整改措施未验收通过，不能办结',
  CLOSURE_GATE_RECTIFICATION_MISSING: '主办单位尚未制定整改方案，不能办结',
  CLOSURE_GATE_RESULT_MISSING: '主办单位尚未报告办理结果，不能办结',
  CLOSURE_RETURN_VISIT_MISSING: '办结前须回访投诉人',
  CLOSURE_RETURN_VISIT_UNSATISFIED: '投诉人不满意，请重办，不能办结',
  // Accountability
  ACCOUNTABILITY_FORMS_EMPTY: '请至少选择一种问责方式',
  ACCOUNTABILITY_FORM_NOT_FOR_TARGET: '所选问责方式不适用于该问责对象',
  ACCOUNTABILITY_TARGET_NOT_ON_CASE: '该单位未参与办理此案件',
  ACCOUNTABILITY_TARGET_NOT_ON_FINDING: '该单位与此问题无关',
  // Findings, measures and campaigns (整改台账)
  FINDING_NOT_FOUND: '未找到该问题',
  FINDING_ALREADY_EXISTS: '该问题已存在',
  FINDING_WITHDRAWN: '该问题已撤回',
  FINDING_NOT_YOURS: '该问题不属于您的单位',
  FINDING_HAS_VERIFIED_MEASURES: (f) =>
    list(f, 'measureIds').length > 0
      ? `整改措施 ${list(f, 'measureIds').join('、')} 已验收通过，不能撤回`
      : '已有整改措施验收通过，不能撤回',
  WITHDRAWAL_REASON_REQUIRED: '请填写撤回理由',
  RAISED_AT_IN_FUTURE: '提出时间不能晚于现在',
  RAISED_BY_REQUIRED: '请填写问题的提出人',
  RAISER_ALREADY_ERASED: '提出人身份信息已删除',
  RAISER_NOT_A_PERSON: '提出人不是个人，无身份信息可删除',
  CITED_FINDING_NOT_FOUND: '所引用的问题不存在',
  CITED_FINDING_OF_ANOTHER_UNIT: '所引用的问题属于其他单位',
  CITED_FINDING_WITHDRAWN: '所引用的问题已撤回',
  UNKNOWN_FINDING_CATEGORY: '问题类别不在现行台账分类中',
  UNKNOWN_MEASURE_CATEGORY: '整改类别不在现行台账分类中',
  INVALID_SIZE_CLASS: '问题规模不在可选范围内',
  CAMPAIGN_NOT_FOUND: '未找到该评议活动',
  CAMPAIGN_ALREADY_EXISTS: '该评议活动已存在',
  CAMPAIGN_CLOSED: '评议活动已结束',
  CAMPAIGN_NAME_REQUIRED: '请填写评议活动名称',
  INVALID_CAMPAIGN_YEAR: '评议活动的年份须在2000年至2100年之间',
  CAMPAIGN_YEAR_IN_FUTURE: (f) => `${fact(f, 'year', '该')}年尚未开始，不能开展该年度的评议活动`,
  DATE_OUTSIDE_CAMPAIGN_YEAR: (f) => `日期须在评议活动的年度${typeof f.year === 'number' ? `（${f.year}年）` : ''}内`,
  ACTIVITY_IN_FUTURE: '活动日期不能晚于今天，请在活动举行后登记',
  UNKNOWN_CAMPAIGN_KIND: '活动类型不在现行台账分类中',
  UNKNOWN_PHASE: '活动阶段不在可选范围内',
  PHASES_OUT_OF_ORDER: '活动阶段的先后顺序有误',
  PHASE_DATES_OUT_OF_ORDER: '活动阶段的结束日期早于开始日期',
  PHASE_LISTED_TWICE: '活动阶段重复',
  AMENDMENT_REASON_REQUIRED: '请填写调整理由',
  AMENDMENT_CHANGES_NOTHING: '调整内容与原来相同',
  APPRAISED_UNITS_EMPTY: '请至少选择一个被评议单位',
  UNIT_APPRAISED_TWICE: '被评议单位重复',
  UNIT_NOT_APPRAISED: '该单位不在本次评议范围内',
  MEETING_ALREADY_RECORDED: '该会议已登记',
  RETURNED_EXCEEDS_ISSUED: '回收问卷数不能多于发放数',
  INVALID_SAMPLE_SIZE: '样本数须为正整数',
  INVALID_COUNT: '数量须为整数',
  INVALID_RECHECK_INTERVAL: '回头看间隔不在允许范围内',
  LEDGER_LIST_EMPTY: '台账分类不能为空',
  INVALID_ENTRY_CODE: '分类代码格式不正确',
  DUPLICATE_ENTRY_CODE: '分类代码重复',
  ENTRY_LABEL_MISSING: '请填写分类名称',
  RANKING_NOT_FOUND: '未找到该排名通报',
  RANKING_ALREADY_PUBLISHED: '该期排名已发布',
  RANKING_PERIOD_NOT_BEGUN: '排名期间尚未开始',
  RANKING_SCHEME_CHANGED: '考核方案已变更，请重新生成排名',
  // Appraisal (考核评议)
  INVALID_YEAR: '年份不在允许范围内',
  INVALID_APPRAISAL_YEAR: '考核年度不符',
  APPRAISAL_YEAR_IN_FUTURE: '该年度的考核尚未开始',
  APPRAISAL_STREAM_MISMATCH: '考核数据所属单位或年度不符',
  APPRAISAL_INPUT_NOT_FOR_UNIT_KIND: '该类单位不考核此项',
  INVALID_SCORE: '分数最多两位小数', // the API's validation refuses a score outside 0–100 first (「分数不能大于100」): only the decimals reach the domain
  DEDUCTION_ALREADY_RECORDED: '该扣分编号已使用（已撤销的扣分也保留编号），请使用新的编号',
  DEDUCTION_IN_FUTURE: '扣分日期不能晚于今天',
  DEDUCTION_NOT_FOUND: '该单位本年度没有这项扣分',
  DEDUCTION_ALREADY_WITHDRAWN: '该扣分已撤销',
  DEDUCTION_WITHDRAWAL_REASON_REQUIRED: '请填写撤销扣分的理由',
  YEAR_MISMATCH: '日期不在该考核年度内',
  WEIGHTS_NOT_100: (f) => `各项权重之和须为100%${typeof f.total === 'number' ? `（现为${f.total}%）` : ''}`,
  WEIGHT_NOT_FOR_UNIT_KIND: '该类单位不考核此项，权重须为0',
  INVALID_WEIGHT: '权重须为0到100之间的数，最多两位小数',
  INVALID_DEDUCTION: invalidDeduction,
  INVALID_CASE_DEDUCTION: '扣分须为0到100之间的数，最多两位小数',
  INVALID_CONSEQUENCE: '分数线须为0到100之间的数，最多两位小数',
  GRADE_BANDS_EMPTY: '请至少设置一个等次',
  GRADE_BANDS_NOT_FROM_ZERO: '最低等次的分数线须为0',
  GRADE_BANDS_NOT_ORDERED: '等次须按分数线从高到低排列',
  INVALID_GRADE_BAND: '等次名称或分数线不正确',
  DUPLICATE_GRADE: '等次名称重复',
  SCHEME_NOTE_MISSING: '请填写方案依据（如文件文号）',
  SCHEME_UNIT_KIND_MISSING: '方案缺少某类单位的权重',
  // Units (单位管理)
  // The appraisal's: a unit reads its own only (ownUnitId), or the unit is not appraised that year (year); else the registry's.
  UNIT_NOT_FOUND: (f) =>
    typeof f.ownUnitId === 'string'
      ? '单位只能查看本单位的考核结果'
      : typeof f.year === 'number'
        ? `该单位未参加${f.year}年度考核`
        : '该单位未登记',
  UNIT_ALREADY_REGISTERED: '该单位编号已登记',
  // Named only where no field of the form says which unit it is (a look-back whose lead was retired since).
  UNIT_RETIRED: (f, names) => (typeof f.unitId === 'string' && f.field === undefined ? `${names.unit(f.unitId)}已撤销` : '该单位已撤销'),
  UNIT_NAME_UNCHANGED: '新名称与现名称相同',
  INVALID_UNIT_ID: '单位编号只能由小写字母、数字和中间的连字符组成，最长64位',
  INVALID_UNIT_NAME: '单位名称长度不符合要求',
  INVALID_UNIT_KIND: '单位类型不在可选范围内',
  UNIT_PARENT_IS_ITSELF: '上级单位不能是本单位',
  PARENT_UNIT_NOT_FOUND: '上级单位未登记',
  PARENT_UNIT_RETIRED: '上级单位已撤销',
  RETIREMENT_REASON_REQUIRED: '请填写撤销理由',
  UNIT_HAS_ACTIVE_CHILDREN: (f, names) => {
    const children = list(f, 'children').map((id) => names.unit(id));
    return `该单位还有在用的下级单位${children.length > 0 ? `（${children.join('、')}）` : ''}，请先撤销或调整下级单位`;
  },
  UNIT_HAS_OPEN_CASES: (f) => `该单位还有${count(f, 'openCases') === null ? '' : ` ${count(f, 'openCases')} 件`}未办结的案件，请先改派`,
  UNIT_HAS_OPEN_FINDINGS: (f) =>
    `该单位还有${count(f, 'openFindings') === null ? '' : ` ${count(f, 'openFindings')} 个`}问题的整改尚未完结（含待回头看），请先完成整改或撤回问题`,
  UNIT_NAME_IN_USE: (f) => `该名称已被在用单位${text(f, 'takenBy') ? `（编号 ${text(f, 'takenBy')}）` : ''}使用，请换一个名称`,
  // Calendar and time limits (工作日历, 办理时限)
  // The year the calendar lacks: a clerk in December dispatching into January meets next year's, not this one's
  // (a verifier on 7 December: the 回头看 60 working days on falls in the next year). Only the admin can
  // publish it, so the message says who and where (the menu 系统管理, its tab 工作日历, AdminView.vue).
  CALENDAR_YEAR_MISSING: (f) =>
    `${fact(f, 'year', '该')}年度的工作日历尚未发布：办理期限或回头看日期落在该年，需系统管理员在「系统管理 › 工作日历」中发布该年度日历后再办理`,
  INVALID_CALENDAR_YEAR: '日历年份不在允许范围内',
  INVALID_CALENDAR_DATE: (f) => `${fact(f, 'date', '日期')}不是${fact(f, 'year', '该')}年的日期（格式：年-月-日）`,
  DUPLICATE_CALENDAR_DATE: (f) => `${fact(f, 'date', '日期')}重复`,
  CALENDAR_DAY_CONFLICT: (f) => `${fact(f, 'date', '同一天')}不能既是休息日又是调休上班日`,
  MAKE_UP_DAY_NOT_WEEKEND: (f) =>
    text(f, 'date') ? `${text(f, 'date')}不是周六或周日：调休上班日须为周六或周日` : '调休上班日须为周六或周日',
  INVALID_DATE: '日期格式不正确',
  CATEGORIES_EMPTY: '请至少设置一个问题类别',
  CATEGORY_IN_USE: categoriesInUse,
  CATEGORY_LABEL_MISSING: (f) => (text(f, 'categoryCode') ? `请填写类别「${text(f, 'categoryCode')}」的名称` : '请填写类别名称'),
  DUPLICATE_CATEGORY_CODE: (f) => `类别代码${text(f, 'categoryCode') ? `「${text(f, 'categoryCode')}」` : ''}重复`,
  INVALID_CATEGORY_CODE: (f) =>
    `类别代码${text(f, 'categoryCode') ? `「${text(f, 'categoryCode')}」` : ''}格式不正确（小写字母开头，2到41位小写字母、数字或下划线）`,
  INVALID_TIME_LIMIT: '时限须为0到60个工作日',
  INVALID_URGENCY_OVERRIDE: '紧急程度的时限不在允许范围内',
  // Made up by the console itself (status 0: no answer from the API)
  NETWORK_ERROR: '无法连接服务器，请检查网络后重试',
  SIGN_IN_FAILED: '登录失败',
  OIDC_UNAVAILABLE: '无法连接统一身份认证，请稍后再试',
  EXPORT_FAILED: '导出失败，请稍后重试',
  CASE_UNREADABLE: '无法读取案件',
  INVALID_CASE_ID: '案件编号格式不对',
};

/** What a status means, for a code the table does not know yet (an API newer than the console). */
export const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '您无权进行此操作',
  404: '未找到所请求的内容',
  409: '操作冲突，请刷新后重试',
  412: '数据已被他人修改，请刷新后重试',
  413: '提交的内容过大',
  422: '不符合办理规则，无法办理',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后重试或联系管理员',
  503: '服务暂不可用，请稍后再试',
};
export const FALLBACK_MESSAGE = '操作未能完成，请稍后重试或联系管理员';
