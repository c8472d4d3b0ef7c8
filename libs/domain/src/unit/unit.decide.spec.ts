import { DeciderSpecification } from '../shared/decider-specification';
import type { RegisterUnit, RenameUnit, RetireUnit, RetirementFacts } from './unit.commands';
import { unitDecider } from './unit.decider';
import { unitNameKey } from './unit.model';
import type { UnitRegistered, UnitRenamed, UnitRetired } from './unit.events';

const AT = '2026-03-02T09:00:00+08:00';
const spec = DeciderSpecification.for(unitDecider);

const register = (overrides: Partial<RegisterUnit> = {}): RegisterUnit => ({
  type: 'RegisterUnit',
  at: AT,
  unitId: 'dept-czj',
  name: '区财政局',
  kind: 'department',
  parent: null,
  nameTakenBy: null,
  ...overrides,
});
const registered: UnitRegistered = {
  type: 'UnitRegistered',
  data: { unitId: 'dept-czj', name: '区财政局', kind: 'department', parentId: null },
};
/** Nothing left under the unit: no open case it handles, no finding it answers for, no active child unit. */
const NOTHING_HELD: RetirementFacts = { openCases: 0, openFindings: [], activeChildren: [] };
const rename = (name: string, nameTakenBy: string | null = null): RenameUnit => ({ type: 'RenameUnit', at: AT, name, nameTakenBy });
const retire = (reason: string, holdings: RetirementFacts = NOTHING_HELD): RetireUnit => ({ type: 'RetireUnit', at: AT, reason, holdings });
const retired: UnitRetired = { type: 'UnitRetired', data: { unitId: 'dept-czj', reason: '机构改革撤并' } };

describe('unit registry (单位)', () => {
  describe('RegisterUnit', () => {
    it('given nothing, a top-level unit is registered', () => {
      spec.given([]).when(register()).then([registered]);
    });

    it('given nothing, a unit under an active parent is registered with its parentId', () => {
      spec
        .given([])
        .when(
          register({
            unitId: 'win-tax-01',
            name: '区政务服务中心税务窗口',
            kind: 'window',
            parent: { unitId: 'dept-shuiwu', exists: true, retired: false },
          }),
        )
        .then([
          {
            type: 'UnitRegistered',
            data: { unitId: 'win-tax-01', name: '区政务服务中心税务窗口', kind: 'window', parentId: 'dept-shuiwu' },
          },
        ]);
    });

    it('the name is recorded without surrounding whitespace', () => {
      spec
        .given([])
        .when(register({ name: '  区财政局 ' }))
        .then([registered]);
    });

    it('a unit is registered once, the refusal naming the request’s field id', () => {
      spec.given([registered]).when(register()).thenError('UNIT_ALREADY_REGISTERED', { field: 'id', unitId: 'dept-czj' });
    });

    it('a retired unit cannot be registered again', () => {
      spec.given([registered, retired]).when(register()).thenError('UNIT_ALREADY_REGISTERED');
    });

    it.each(['', 'Dept-CZJ', 'dept_czj', '-dept', 'dept-', '财政局', 'a'.repeat(65)])('the unit id %p is refused', (unitId) => {
      spec.given([]).when(register({ unitId })).thenError('INVALID_UNIT_ID', { field: 'unitId' });
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['of zero-width characters only', '\u200b\u200c'],
      ['longer than 100 characters', '局'.repeat(101)],
    ])('a name that is %s is refused', (_, name) => {
      spec.given([]).when(register({ name })).thenError('INVALID_UNIT_NAME', { field: 'name' });
    });

    it('a name another active unit bears is refused, naming the field and that unit: pickers by name would show two', () => {
      spec
        .given([])
        .when(register({ unitId: 'dept-qa-2', name: '区QA测试局', nameTakenBy: 'dept-qa-test' }))
        .thenError('UNIT_NAME_IN_USE', { field: 'name', name: '区QA测试局', takenBy: 'dept-qa-test' });
    });

    it('the name of a retired unit is free again (the registry then finds no active unit bearing it)', () => {
      spec
        .given([])
        .when(register({ nameTakenBy: null }))
        .then([registered]);
    });

    it('names are compared as a person reads them: width, case and runs of spaces aside', () => {
      expect(unitNameKey(' 区ＱＡ测试局 ')).toBe(unitNameKey('区qa测试局'));
      expect(unitNameKey('区QA  测试局')).toBe(unitNameKey('区QA 测试局'));
      expect(unitNameKey('区QA测试局')).not.toBe(unitNameKey('区QA测试二局'));
    });

    it('a kind other than department, window or town is refused', () => {
      spec
        .given([])
        .when(register({ kind: 'company' as RegisterUnit['kind'] }))
        .thenError('INVALID_UNIT_KIND', { field: 'kind' });
    });

    it('a unit cannot be its own parent', () => {
      spec
        .given([])
        .when(register({ parent: { unitId: 'dept-czj', exists: false, retired: false } }))
        .thenError('UNIT_PARENT_IS_ITSELF', { field: 'parentId' });
    });

    it('the parent must be registered', () => {
      spec
        .given([])
        .when(register({ unitId: 'dept-czj-gk', parent: { unitId: 'dept-czj', exists: false, retired: false } }))
        .thenError('PARENT_UNIT_NOT_FOUND', { field: 'parentId', parentId: 'dept-czj' });
    });

    it('the parent must not be retired', () => {
      spec
        .given([])
        .when(register({ unitId: 'dept-czj-gk', parent: { unitId: 'dept-czj', exists: true, retired: true } }))
        .thenError('PARENT_UNIT_RETIRED', { field: 'parentId', parentId: 'dept-czj' });
    });
  });

  describe('RenameUnit', () => {
    const renamed: UnitRenamed = {
      type: 'UnitRenamed',
      data: { unitId: 'dept-czj', previousName: '区财政局', name: '区财政局（区国资办）' },
    };

    it('given an active unit, a new name is recorded with the previous one', () => {
      spec.given([registered]).when(rename('区财政局（区国资办）')).then([renamed]);
    });

    it('the previous name is the latest one, after an earlier rename', () => {
      spec
        .given([registered, renamed])
        .when(rename('区财政局'))
        .then([{ type: 'UnitRenamed', data: { unitId: 'dept-czj', previousName: '区财政局（区国资办）', name: '区财政局' } }]);
    });

    it('an unregistered unit cannot be renamed', () => {
      spec.given([]).when(rename('区财政局')).thenError('UNIT_NOT_FOUND');
    });

    it('a retired unit cannot be renamed', () => {
      spec.given([registered, retired]).when(rename('区财政事务中心')).thenError('UNIT_RETIRED', { unitId: 'dept-czj' });
    });

    it('the same name again is not a rename, whitespace aside', () => {
      spec.given([registered]).when(rename(' 区财政局 ')).thenError('UNIT_NAME_UNCHANGED');
    });

    it('a blank name is refused', () => {
      spec.given([registered]).when(rename(' ')).thenError('INVALID_UNIT_NAME', { field: 'name' });
    });

    it('a name another active unit bears is refused, naming the field and that unit', () => {
      spec
        .given([registered])
        .when(rename('区国资办', 'dept-gzb'))
        .thenError('UNIT_NAME_IN_USE', { field: 'name', name: '区国资办', takenBy: 'dept-gzb' });
    });

    it('a unit may change how its own name is written (the registry finds it bearing that name itself)', () => {
      spec
        .given([{ type: 'UnitRegistered', data: { ...registered.data, name: '区QA测试局' } }])
        .when(rename('区qa测试局', 'dept-czj'))
        .then([{ type: 'UnitRenamed', data: { unitId: 'dept-czj', previousName: '区QA测试局', name: '区qa测试局' } }]);
    });
  });

  describe('RetireUnit', () => {
    it('given an active unit, it is retired with the reason', () => {
      spec.given([registered]).when(retire(' 机构改革撤并 ')).then([retired]);
    });

    it('an unregistered unit cannot be retired', () => {
      spec.given([]).when(retire('撤并')).thenError('UNIT_NOT_FOUND');
    });

    it('a retired unit cannot be retired again', () => {
      spec.given([registered, retired]).when(retire('撤并')).thenError('UNIT_RETIRED', { unitId: 'dept-czj' });
    });

    it('retiring needs a reason', () => {
      spec.given([registered]).when(retire('  ')).thenError('RETIREMENT_REASON_REQUIRED', { field: 'reason' });
    });

    it('a unit with active units under it is not retired: they would be left without a parent', () => {
      spec
        .given([registered])
        .when(retire('撤并', { ...NOTHING_HELD, activeChildren: ['win-czj-01', 'win-czj-02'] }))
        .thenError('UNIT_HAS_ACTIVE_CHILDREN', { unitId: 'dept-czj', children: ['win-czj-01', 'win-czj-02'] });
    });

    it('a unit that still handles open cases is not retired: they would be left with a retired handler', () => {
      spec
        .given([registered])
        .when(retire('撤并', { ...NOTHING_HELD, openCases: 3 }))
        .thenError('UNIT_HAS_OPEN_CASES', { unitId: 'dept-czj', openCases: 3 });
    });

    it('a unit that still answers for open findings of the ledger is not retired: their measures would be owed by a retired unit', () => {
      const openFindings = ['0b6f6a52-2b0e-4f0e-9d6a-1c0f2d3e4f50', '5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e'];
      spec
        .given([registered])
        .when(retire('撤并', { ...NOTHING_HELD, openFindings }))
        .thenError('UNIT_HAS_OPEN_FINDINGS', { unitId: 'dept-czj', openFindings: 2, findingIds: openFindings });
    });

    it('a retired unit is UNIT_RETIRED before anything it holds is looked at', () => {
      spec
        .given([registered, retired])
        .when(retire('撤并', { openCases: 3, openFindings: ['0b6f6a52-2b0e-4f0e-9d6a-1c0f2d3e4f50'], activeChildren: ['win-czj-01'] }))
        .thenError('UNIT_RETIRED');
    });
  });

  describe('state', () => {
    it('a unit folds to its latest name and its retirement', () => {
      const state = [
        registered,
        { type: 'UnitRenamed', data: { unitId: 'dept-czj', previousName: '区财政局', name: '区财政事务局' } } as UnitRenamed,
        retired,
      ].reduce(unitDecider.evolve, unitDecider.initialState());
      expect(state).toEqual({
        unitId: 'dept-czj',
        name: '区财政事务局',
        kind: 'department',
        parentId: null,
        status: 'retired',
        retiredReason: '机构改革撤并',
      });
    });

    it('every event type is written at schema version 1', () => {
      expect(['UnitRegistered', 'UnitRenamed', 'UnitRetired'].map((t) => unitDecider.schemaVersion(t as UnitRegistered['type']))).toEqual([
        1, 1, 1,
      ]);
    });
  });
});
