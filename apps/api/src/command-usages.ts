/**
 * The usages of the scripts whose commands are the API's (`npm run ranking`, `npm run
 * complainant-keys`): said by the commands on bad usage, and by the scripts on `--help` and a mistake
 * before they load the API (apps/server/src/cli). This file imports nothing, so a script reads it in
 * milliseconds where the API's index loads all of the application (about a second of Node's time);
 * it is the one file of the API besides its index that the server may import (.dependency-cruiser.js).
 */

export const RANKING_USAGE =
  'usage: npm run ranking -- reproduce <id> [--json]\n' +
  '  reproduce <id>   compute the ranking in force (e.g. 2026-11-department) again from the event log alone, up to the\n' +
  '                   positions its basis records, and compare; exit 0 identical, 1 not (or it could not be reproduced)\n' +
  '  --json           print the whole answer, as POST /api/v1/rankings/{id}/reproduction gives it';

export const COMPLAINANT_KEYS_USAGE =
  'usage: npm run complainant-keys -- status | rotate [--forget-retired]\n' +
  '  status                  the master keys configured and how many data keys each wraps (complainants\n' +
  '                          and the people who raised findings together)\n' +
  '  rotate                  rewrap every data key under the current master key; with the development key\n' +
  '                          file, a new master key is generated first and becomes the current one (none\n' +
  '                          when finishing a rotation that was interrupted or failed)\n' +
  '  --forget-retired        then drop from the key file the master keys that wrap nothing any more';
