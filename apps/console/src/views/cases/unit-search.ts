/**
 * What the unit picker (UnitSelect.vue) lists for the text typed in it: the registered units whose
 * name or id holds the text, those it matches best first, so Enter (Element Plus' default-first-option)
 * picks the unit meant. Nothing typed: every unit, in the order given. Pure: no Vue.
 */
export interface UnitChoice {
  value: string;
  label: string;
}

/** How well a unit matches: the whole name or id 0, its start 1, inside it 2; null for no match. */
function rank(choice: UnitChoice, query: string): number | null {
  const texts = [choice.label.toLowerCase(), choice.value.toLowerCase()];
  if (texts.some((t) => t === query)) return 0;
  if (texts.some((t) => t.startsWith(query))) return 1;
  if (texts.some((t) => t.includes(query))) return 2;
  return null;
}

export function matchingUnits(choices: readonly UnitChoice[], typed: string): UnitChoice[] {
  const query = typed.trim().toLowerCase();
  if (query === '') return [...choices];
  return choices
    .map((choice, order) => ({ choice, order, rank: rank(choice, query) }))
    .filter((c): c is { choice: UnitChoice; order: number; rank: number } => c.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((c) => c.choice);
}
