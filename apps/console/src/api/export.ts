import { must } from './client';
import { fileNameOf, saveBlob } from './download';

/**
 * Saves the answer of an export route (asked with `parseAs: 'blob'`) under the name its
 * Content-Disposition gives, else `fallback`; a refusal throws the API's problem, as `must` does.
 */
export async function saveExport(
  answer: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallback: string,
): Promise<void> {
  const blob = (await must(answer)) as Blob;
  const { response } = await answer;
  saveBlob(blob, fileNameOf(response.headers.get('Content-Disposition'), fallback));
}
