/**
 * A field error in Chinese. The API's field messages are class-validator's English ("title must not
 * be blank"): the console recognises the rule a message states and says it with the field's label,
 * which only the form knows (a screen with no form: ProblemBanner's `fields`). A rule not recognised
 * says 此项有误; the English is never shown. Pure: no Vue.
 */
type Say = (label: string, bound: string) => string;

const RULES: ReadonlyArray<readonly [RegExp, Say]> = [
  [/must be a (telephone|phone) number/, () => '请填写有效的电话号码'],
  // A complainant's idNumber (identity-number.ts): an identity card's number is held to its date of birth and check digit.
  [/or a resident identity card number/, (label) => `请填写有效的${label}：身份证号码请核对出生日期和末位校验码`],
  [/must not be blank|should not be empty|is required|should not be null or undefined|must be a non-empty/, (label) => `请填写${label}`],
  [/must be (shorter|less) than or equal to (\d+) characters/, (label, n) => `${label}不能超过${n}个字`],
  [/must be (longer|more) than or equal to (\d+) characters/, (label, n) => `${label}至少${n}个字`],
  [/must contain no more than (\d+) elements/, (label, n) => `${label}最多${n}项`],
  [/must contain at least (\d+) elements?/, (label, n) => `${label}至少${n}项`],
  [/must not be less than (-?[\d.]+)/, (label, n) => `${label}不能小于${n}`],
  [/must not be greater than (-?[\d.]+)/, (label, n) => `${label}不能大于${n}`],
  [/must be one of the following values|must be a valid enum|must be one of/, (label) => `请选择${label}`],
  [/must be an? (valid )?(ISO[ -]8601 )?(date|calendar date|instant)|must be a date/, () => '请填写有效的日期'],
  [/must be an integer|must be a whole number/, (label) => `${label}须为整数`],
  [/must be a number/, (label) => `${label}须为数字`],
  [/must be true or false|must be a boolean/, (label) => `请选择${label}`],
  // A deduction's number (扣分编号): "deductionId must be 1 to 64 letters, digits and . _ : -, the first a letter or digit".
  [/must be 1 to (\d+) letters, digits and \. _ : -/, (label, n) => `${label}须为1至${n}个字母、数字或 . _ : -，以字母或数字开头`],
  [/lowercase letters, digits and hyphens/, (label) => `${label}只能由小写字母、数字和连字符组成，不以连字符开头或结尾`],
  [/should not exist/, () => '此项不应填写'],
  // A period's end (the dashboard's `to`): "to must be at most 3 years after from (2001-12-31)", "to must not be before from".
  [/must be at most (\d+) years after from/, (label, n) => `${label}距开始日期不能超过${n}年`],
  [/must not be before from/, (label) => `${label}不能早于开始日期`],
  [/must be an? (\w+ )*(id|code)\b/, (label) => `${label}格式不正确`],
];

/** The Chinese of one field message; `label` is the form item's label (none known: 此项). */
export function fieldMessage(message: string, label?: string): string {
  for (const [rule, say] of RULES) {
    const match = rule.exec(message);
    if (match) return say(label ?? '此项', lastGroup(match));
  }
  return label ? `${label}有误` : '此项有误';
}

/** The rule's number (a length, a bound), the last group that matched. */
function lastGroup(match: RegExpExecArray): string {
  for (let i = match.length - 1; i > 0; i--) if (match[i] !== undefined) return match[i]!;
  return '';
}
