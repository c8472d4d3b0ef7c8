import { validateHeaderValue } from 'node:http';
import { challengeText } from './authentication.guard';

describe('the words of a Bearer challenge (RFC 6750 §3)', () => {
  it('keeps printable ASCII, and says a double quote or a backslash as a single quote', () => {
    expect(challengeText('the token\'s "sub" claim must name the caller\\')).toBe("the token's 'sub' claim must name the caller'");
  });

  it('says what a header cannot hold as ?, so the refusal is still sent as a 401 (Node refuses such a header)', () => {
    const text = challengeText("the token's 单位 claim names none of the roles\u0000");
    expect(text).toBe("the token's ?? claim names none of the roles?");
    expect(() => validateHeaderValue('WWW-Authenticate', `Bearer error_description="${text}"`)).not.toThrow();
    expect(() => validateHeaderValue('WWW-Authenticate', 'Bearer error_description="单位"')).toThrow();
  });
});
