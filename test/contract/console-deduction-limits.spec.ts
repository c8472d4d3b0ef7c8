import * as domain from '@app/domain/appraisal/appraisal-inputs.model';
import * as messages from '../../apps/console/src/problems/code-messages';

/**
 * The console imports no package, so its message for INVALID_DEDUCTION states the limits of one
 * inspection deduction from numbers of its own: they must be the ones the server decides by.
 */
describe('the console names the limits of one deduction the server decides by', () => {
  it('the most points one deduction costs, and the most lapses one records', () => {
    expect({ points: messages.DEDUCTION_POINTS_MAX, lapses: messages.LAPSE_COUNT_MAX }).toEqual({
      points: domain.DEDUCTION_POINTS_MAX,
      lapses: domain.LAPSE_COUNT_MAX,
    });
  });
});
