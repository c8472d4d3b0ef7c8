import type { UnitKind } from '@app/domain';
import { Random } from './random';

/**
 * Made-up people. Everyone a demo case names is visibly fake, so demo data can never be mistaken
 * for (or leak as) personal information: complainants are 测试… with phone numbers 1380000xxxx,
 * officials held accountable are 测试…某, and leaders appear only as surname plus title.
 */

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const ENTERPRISE_PREFIXES = ['华创', '鑫源', '恒达', '博远', '安顺', '盛和', '东方', '宏图', '新立', '长江', '瑞丰', '金桥'];
const ENTERPRISE_TRADES = ['科技', '商贸', '建材', '餐饮管理', '物流', '机械制造', '食品', '医药', '电子', '装饰工程'];

export interface FakeComplainant {
  name: string;
  phone: string;
  enterprise: string | null;
}

/** A complainant: 测试王先生, 1380000xxxx, and for about 45% an enterprise they speak for. */
export function fakeComplainant(rng: Random): FakeComplainant {
  const surname = rng.pick(SURNAMES);
  const name = `测试${surname}${rng.pick(['先生', '女士', '某'])}`;
  const phone = `1380000${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const enterprise = rng.chance(0.45) ? `测试${rng.pick(ENTERPRISE_PREFIXES)}${rng.pick(ENTERPRISE_TRADES)}有限公司` : null;
  return { name, phone, enterprise };
}

/** An official held accountable: a fake name and a post that fits the unit. */
export function fakeOfficial(rng: Random, kind: UnitKind): { name: string; position: string } {
  const name = `测试${rng.pick(SURNAMES)}某`;
  const posts: Record<UnitKind, string[]> = {
    window: ['窗口工作人员', '窗口负责人', '综合受理岗工作人员'],
    department: ['科长', '副科长', '执法队员', '业务股股长', '分管副局长'],
    town: ['综合执法中队队长', '社区工作人员', '分管副主任', '经济发展办公室主任'],
  };
  return { name, position: rng.pick(posts[kind]) };
}

/** The leader answerable for a unit's cases (责任领导), the same all year: e.g. 王副局长. */
export function leaderOf(key: string, unitName: string, kind: UnitKind): string {
  const rng = new Random(`leader:${key}`);
  const surname = rng.pick(SURNAMES);
  return `${surname}${titleFor(unitName, kind, rng)}`;
}

function titleFor(name: string, kind: UnitKind, rng: Random): string {
  if (kind === 'window') return '窗口负责人';
  if (kind === 'town') return name.endsWith('镇') ? rng.pick(['镇长', '副镇长']) : rng.pick(['主任', '副主任']);
  if (name.endsWith('大队')) return rng.pick(['大队长', '副大队长']);
  if (/(所|处)$/.test(name)) return name.endsWith('所') ? '所长' : '处长';
  if (name.endsWith('公司')) return rng.pick(['经理', '副经理']);
  if (/(中心|办公室|站)$/.test(name)) return rng.pick(['主任', '副主任']);
  return rng.pick(['局长', '副局长']);
}
