import { ref } from 'vue';
import { api, must, type ProblemError, type Schemas } from '../../api/client';

export type RecordedInputs = Schemas['AppraisalInputs']['inputs'];

/**
 * What a 录入 dialog shows above its form: the unit's inputs for the year as recorded (GET
 * …/appraisal-inputs/{year}/units/{unitId}), read each time the dialog opens, since a new record
 * corrects a score and a deduction's number must be unused. `read(stillOpen)` forgets the last
 * reading first; an answer arriving after the dialog closed (or reopened for another input) is
 * dropped. A failed read is kept as `problem`, for the dialog's banner: saving still works.
 */
export function useRecordedInputs(where: () => { year: number; unitId: string }) {
  const inputs = ref<RecordedInputs | null>(null);
  const problem = ref<ProblemError | null>(null);

  async function read(stillOpen: () => boolean): Promise<void> {
    inputs.value = null;
    problem.value = null;
    const { year, unitId } = where();
    try {
      const answer = await must(api.GET('/api/v1/appraisal-inputs/{year}/units/{unitId}', { params: { path: { year, unitId } } }));
      if (stillOpen()) inputs.value = answer.inputs;
    } catch (refused) {
      if (stillOpen()) problem.value = refused as ProblemError;
    }
  }

  return { inputs, problem, read };
}
