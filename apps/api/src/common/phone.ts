import { Matches } from 'class-validator';

/**
 * A telephone number as intake types it: an optional leading `+`, a digit, then digits, spaces and
 * hyphens, 5 to 21 characters in all (`13800138000`, `+86 138 0013 8000`, `027-8888-1234`). A
 * string of only `+`, `-` and spaces is none.
 */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,19}$/;

/**
 * Every phone a request gives (a complainant's, a finding raiser's): one rule and one message
 * ("phone must be a telephone number"), so that the two cannot drift apart.
 */
export const IsPhone = () => Matches(PHONE_PATTERN, { message: '$property must be a telephone number' });
