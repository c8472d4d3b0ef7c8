/**
 * What people complain about, per category of the default taxonomy (DEFAULT_TIME_LIMIT_POLICY):
 * how often, about which units, and the words of the complaint and of the unit's answer. Text is
 * filled from placeholders: {unit} the complained unit, {item} the matter, {who} the complainant as
 * the channel names them (来电人, 网民, …), {n} a small number.
 *
 * Unit patterns name ids of config/units.seed.json (a `*` ends a prefix); with another registry
 * they match nothing and any unit is used.
 */
export interface CategoryProfile {
  code: string;
  /** Relative frequency among complaints. */
  weight: number;
  complainedUnits: readonly string[];
  items: readonly string[];
  complaints: ReadonlyArray<{ title: string; description: string }>;
  /** 问题查清: what the unit found when the complaint holds, and when it does not. */
  findings: { founded: readonly string[]; unfounded: readonly string[] };
  /** 办理结果: the answer to the complainant. */
  results: readonly string[];
  /** 整改措施 a unit plans when the complaint holds. */
  measures: readonly string[];
  /** 无需整改的理由, when it does not hold or was put right on the spot. */
  noRectification: { unfounded: readonly string[]; correctedOnTheSpot: readonly string[] };
}

export const CATEGORY_PROFILES: readonly CategoryProfile[] = [
  {
    code: 'cumbersome_approval',
    weight: 18,
    complainedUnits: [
      'win-zwfw-*',
      'win-amr-*',
      'win-bdc-*',
      'win-plan-01',
      'win-hous-*',
      'win-env-01',
      'win-fire-01',
      'dept-xzspj',
      'dept-zwfwzx',
      'dept-zrzyj',
      'dept-zjj',
      'dept-sthjj',
      'dept-bdcdj',
    ],
    items: [
      '食品经营许可证',
      '建设工程施工许可证',
      '不动产转移登记',
      '营业执照变更登记',
      '排水许可',
      '环境影响评价审批',
      '消防验收备案',
      '公共场所卫生许可证',
      '建设工程规划许可证',
    ],
    complaints: [
      {
        title: '审批材料反复要求补充',
        description:
          '{who}反映：在{unit}办理{item}时，工作人员前后{n}次要求补充材料，每次只告知一部分，企业已往返{n}趟仍未办结，影响项目正常推进。',
      },
      {
        title: '同一材料被要求重复提交',
        description:
          '{who}反映：办理{item}时，营业执照、身份证明等材料已在网上提交，{unit}仍要求现场再提交纸质复印件并加盖公章，网上办理形同虚设。',
      },
      {
        title: '{item}办理超过承诺时限',
        description: '{who}反映：{item}申请材料已于{n}周前齐全受理，{unit}承诺时限内未办结，询问时仅答复“在走流程”，没有明确的办结时间。',
      },
      {
        title: '要求提供无法律依据的证明材料',
        description: '{who}反映：{unit}办理{item}时要求提供“无违法经营证明”等没有法律依据的证明材料，企业多方询问无处开具。',
      },
      {
        title: '一件事需往返多个窗口',
        description: '{who}反映：办理{item}需在{unit}和其他窗口之间来回取号排队，未实行“一窗受理”，一件事跑了一整天。',
      },
    ],
    findings: {
      founded: [
        '经核查，{unit}在办理{item}过程中确实存在一次性告知不到位、多次要求补充材料的问题，反映情况属实。',
        '经调阅办件记录，该申请在审查环节停留超过承诺时限，反映情况基本属实。',
        '经核查，所要求的证明材料无法律法规依据，窗口人员仍按旧版办事指南执行，反映情况属实。',
      ],
      unfounded: [
        '经调阅办件记录和窗口录像，申请人首次提交时缺少法定要件，工作人员已一次性书面告知，反映问题不属实。',
        '经核查，该事项需现场勘验，法定办理时限尚未届满，反映问题不属实。',
      ],
    },
    results: [
      '{item}已办结并送达，窗口负责人已向企业当面说明情况并致歉，企业表示认可。',
      '已安排专人全程帮办代办，{item}已办结。',
      '已向申请人书面解释办理流程和法定时限，并告知办理进度的查询方式。',
    ],
    measures: [
      '修订{item}办事指南，明确材料清单和办理时限并向社会公布',
      '开展窗口人员一次性告知制度专项培训',
      '清理无法律依据的证明事项，建立证明事项清单制度',
      '推行{item}“一窗受理、集成服务”，压缩办理环节',
      '建立超时限办件预警和督办机制',
    ],
    noRectification: {
      unfounded: ['经核查反映问题不属实，窗口已按规定一次性告知，无需整改。'],
      correctedOnTheSpot: ['问题已在办理过程中当场纠正，企业诉求已解决，无需另行整改。'],
    },
  },
  {
    code: 'complaint_runaround',
    weight: 10,
    complainedUnits: ['dept-xfj', 'town-*', 'dept-cgj', 'dept-zjj', 'dept-fwglj', 'dept-rsj', 'dept-scjgj', 'dept-mzj'],
    items: ['小区违建', '厂房漏水纠纷', '夜间施工噪声扰民', '拖欠农民工工资', '物业服务纠纷', '道路破损积水'],
    complaints: [
      {
        title: '投诉后长期无人答复',
        description: '{who}反映：关于{item}的投诉已提交一个多月，{unit}至今未给予答复，多次电话询问均称“正在处理”。',
      },
      {
        title: '多部门相互推诿',
        description: '{who}反映：{item}问题先后向{unit}等部门反映，各部门均称不属于本部门职责，相互推诿，问题长期得不到解决。',
      },
      {
        title: '工单显示办结但问题未解决',
        description: '{who}反映：此前就{item}反映的工单已显示办结，但现场问题并未解决，{unit}未与其联系核实即作办结处理。',
      },
      {
        title: '反映问题被转来转去',
        description: '{who}反映：{item}问题被多次转办，每次都要求重新说明情况、重新提交材料，至今无人牵头处理。',
      },
    ],
    findings: {
      founded: [
        '经核查，{unit}收到投诉后未按规定时限答复，首问负责制落实不到位，反映情况属实。',
        '经核查，该事项职责边界不清，{unit}未主动牵头协调，存在推诿现象，反映情况基本属实。',
      ],
      unfounded: ['经核查，{unit}已在规定时限内电话答复，有通话记录为证，反映问题不属实。'],
    },
    results: [
      '已明确由{unit}牵头处理，{item}问题已现场解决，并向投诉人反馈处理结果。',
      '已召集相关单位现场协调，形成处理意见并书面答复投诉人。',
    ],
    measures: [
      '落实首问负责制，建立投诉事项台账和限时办结制度',
      '明确职责交叉事项的牵头单位，建立联席会商机制',
      '对已办结工单开展回访核查，杜绝“虚假办结”',
    ],
    noRectification: {
      unfounded: ['经核查已按时答复，反映问题不属实，无需整改。'],
      correctedOnTheSpot: ['问题已协调解决，投诉人诉求已满足，无需另行整改。'],
    },
  },
  {
    code: 'policy_not_honoured',
    weight: 12,
    complainedUnits: [
      'dept-fgj',
      'dept-jxj',
      'dept-shangwu',
      'dept-kjj',
      'dept-rsj',
      'dept-czj',
      'dept-tcj',
      'dept-jyfw',
      'dept-shuiwu',
      'town-*',
    ],
    items: [
      '稳岗补贴',
      '招商引资奖励资金',
      '中小企业贷款贴息',
      '高新技术企业认定奖励',
      '房租减免',
      '研发费用补助',
      '人才引进补贴',
      '技术改造补助资金',
    ],
    complaints: [
      { title: '优惠政策未兑现', description: '{who}反映：企业符合{item}申领条件并已提交申请，{unit}逾期未予兑现，也未说明原因。' },
      {
        title: '{item}迟迟未发放',
        description: '{who}反映：{item}年初已公示通过，至今{n}个月仍未拨付到位，多次询问{unit}均答复“资金未到”。',
      },
      { title: '招商引资承诺未落实', description: '{who}反映：企业落户时投资协议约定的{item}，{unit}至今未按协议落实。' },
      { title: '政策申报条件层层加码', description: '{who}反映：{unit}在{item}申报中增设了文件规定以外的条件，企业因此被拒之门外。' },
    ],
    findings: {
      founded: [
        '经核查，企业符合{item}兑现条件，因{unit}内部审核流程冗长未能按期兑现，反映情况属实。',
        '经核查，{unit}在执行中增设了上级文件之外的申报条件，反映情况属实。',
      ],
      unfounded: ['经核查，企业不符合{item}申领条件，{unit}已书面告知不予兑现的理由，反映问题不属实。'],
    },
    results: [
      '{item}已拨付到企业账户，并已向企业书面说明延迟原因。',
      '已取消增设的申报条件，重新受理企业申报。',
      '已向企业当面解读政策条件，企业表示理解。',
    ],
    measures: [
      '梳理惠企政策兑现流程，推行“免申即享”',
      '建立政策兑现时限承诺和超期督办制度',
      '对照上级文件清理自行增设的申报条件',
      '建立招商引资承诺事项台账，逐项跟踪落实',
    ],
    noRectification: {
      unfounded: ['经核查企业不符合申领条件，已依规办理并告知，无需整改。'],
      correctedOnTheSpot: ['资金已当即拨付到位，企业诉求已解决，无需另行整改。'],
    },
  },
  {
    code: 'poor_service_attitude',
    weight: 16,
    complainedUnits: ['win-*', 'dept-sbzx', 'dept-gjj', 'dept-mzj-hydj', 'dept-gaj-crj'],
    items: ['社保业务', '公积金提取', '户籍业务', '出入境证件', '不动产登记', '婚姻登记', '发票领用', '医保报销'],
    complaints: [
      {
        title: '窗口人员态度生硬',
        description: '{who}反映：在{unit}办理{item}时，窗口工作人员态度生硬、语气不耐烦，对咨询的问题敷衍应付。',
      },
      { title: '工作人员上班时间玩手机', description: '{who}反映：{unit}工作人员上班时间玩手机、闲聊，群众排队等候无人理会。' },
      { title: '咨询电话长期无人接听', description: '{who}反映：{unit}公布的{item}咨询电话连续多日无人接听。' },
      { title: '未落实一次性告知', description: '{who}反映：办理{item}时，{unit}工作人员未一次性告知所需材料，导致其多跑了{n}趟。' },
      { title: '午休时段窗口无人值守', description: '{who}反映：中午到{unit}办理{item}，窗口无人值守，未落实午间不断档服务承诺。' },
    ],
    findings: {
      founded: [
        '经调取窗口监控录像和服务评价记录，当事工作人员存在服务态度生硬的问题，反映情况属实。',
        '经核查，{unit}未严格落实首问负责和一次性告知制度，反映情况属实。',
        '经核查，该咨询电话因线路故障未及时报修，导致无人接听，反映情况属实。',
      ],
      unfounded: ['经调取窗口监控录像，当事工作人员使用规范用语解答，未发现态度问题，反映问题不属实。'],
    },
    results: [
      '已对当事工作人员进行批评教育，由窗口负责人向当事人电话致歉，当事人表示接受。',
      '已安排专人为当事人办结{item}，并当面说明情况。',
    ],
    measures: [
      '开展窗口服务规范和文明用语专项培训',
      '落实午间和延时服务“不打烊”制度',
      '在窗口设置“好差评”评价器，评价结果纳入个人考核',
      '建立咨询电话值守和故障报修制度',
    ],
    noRectification: {
      unfounded: ['经核查反映问题不属实，无需整改。'],
      correctedOnTheSpot: ['当事工作人员已当场致歉，问题已当场纠正，无需另行整改。'],
    },
  },
  {
    code: 'irregular_enforcement',
    weight: 12,
    complainedUnits: [
      'dept-cgj-zfdd',
      'dept-scjgj-zc',
      'dept-scjgj-yl',
      'dept-jtj-zfdd',
      'dept-sthjj-zfdd',
      'dept-nyj-zfdd',
      'dept-yjj-zfdd',
      'dept-gaj-jjdd',
      'dept-xfjy',
      'dept-wjj-jkzx',
      'dept-zjj-zjz',
    ],
    items: ['门店招牌检查', '消防安全检查', '食品安全检查', '环保执法检查', '交通运输执法检查', '建筑工地检查', '安全生产检查'],
    complaints: [
      { title: '执法检查未亮证', description: '{who}反映：{unit}执法人员在{item}时未出示执法证件，也未说明检查依据。' },
      {
        title: '重复检查干扰企业经营',
        description: '{who}反映：一个月内{unit}对企业开展{item}达{n}次，检查内容基本相同，严重干扰正常生产经营。',
      },
      { title: '处罚标准不一、自由裁量随意', description: '{who}反映：同一违法情形，{unit}对不同商户的处罚金额差别很大，自由裁量随意。' },
      { title: '以罚代管', description: '{who}反映：{unit}在{item}中发现问题后直接罚款，未先行告知整改，存在以罚代管现象。' },
      { title: '执法人员言语粗暴', description: '{who}反映：{unit}执法人员在{item}过程中言语粗暴、态度蛮横。' },
    ],
    findings: {
      founded: [
        '经调取执法记录仪视频，执法人员检查时未主动出示证件，反映情况属实。',
        '经核查，{unit}的相关检查未纳入“双随机、一公开”计划，存在重复检查问题，反映情况属实。',
        '经核查，该处罚未严格执行自由裁量基准，反映情况基本属实。',
      ],
      unfounded: ['经调取执法记录仪视频，执法人员已出示证件并告知检查依据，反映问题不属实。'],
    },
    results: ['已撤销不当的处罚决定并依法重新作出，向企业书面说明情况。', '已对涉事执法人员批评教育，并向企业当面致歉。'],
    measures: [
      '全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度',
      '将{item}纳入“双随机、一公开”统一计划，合并同类检查',
      '修订行政处罚自由裁量基准并组织培训',
      '推行首违不罚、轻微免罚清单制度',
    ],
    noRectification: {
      unfounded: ['经核查执法行为规范，反映问题不属实，无需整改。'],
      correctedOnTheSpot: ['不当处罚已当即撤销，问题已纠正，无需另行整改。'],
    },
  },
  {
    code: 'market_disorder',
    weight: 10,
    complainedUnits: ['dept-scjgj', 'dept-scjgj-zc', 'dept-scjgj-yl', 'dept-cgj', 'dept-cgj-zfdd', 'dept-shangwu', 'town-*'],
    items: ['农贸市场', '商业步行街', '夜市', '建材市场', '学校周边'],
    complaints: [
      { title: '商户占道经营无人管理', description: '{who}反映：{item}周边商户长期占道经营，影响通行，向{unit}反映多次未见改善。' },
      { title: '农贸市场短斤少两', description: '{who}反映：{item}部分摊位短斤少两、以次充好，{unit}监管不到位。' },
      { title: '无证餐饮油烟扰民', description: '{who}反映：{item}有无证经营的餐饮店，油烟直排扰民，{unit}未有效查处。' },
      {
        title: '预付卡商家关门跑路',
        description: '{who}反映：{item}一家健身房办理预付卡后突然关门，多名消费者无法退费，请{unit}介入处理。',
      },
      {
        title: '招投标疑似围标串标',
        description: '{who}反映：{unit}组织的一项小型工程招标中，多家投标单位报价高度雷同，疑似存在围标串标。',
      },
    ],
    findings: {
      founded: [
        '经现场核查，{item}确实存在占道经营和无证经营问题，{unit}日常巡查不到位，反映情况属实。',
        '经抽检，{item}部分摊位计量器具不合格，反映情况属实。',
      ],
      unfounded: ['经现场核查，未发现反映的问题，相关经营者证照齐全，反映问题不属实。'],
    },
    results: ['已联合执法对{item}开展集中整治，取缔无证经营户，规范占道经营。', '已立案调查，督促经营者退还预付款，并将结果告知投诉人。'],
    measures: [
      '建立{item}常态化巡查机制，落实网格化管理',
      '对计量器具开展专项检定，设立公平秤',
      '开展预付式消费专项整治，建立风险预警机制',
    ],
    noRectification: {
      unfounded: ['经核查未发现反映的问题，无需整改。'],
      correctedOnTheSpot: ['已当场责令改正并复查到位，无需另行整改。'],
    },
  },
  {
    code: 'high_business_cost',
    weight: 7,
    complainedUnits: ['dept-power', 'dept-water', 'win-util-*', 'dept-gjj', 'dept-shuiwu', 'dept-fgj', 'dept-zjj'],
    items: ['用电报装', '供水接入', '燃气接入', '中介技术服务', '涉企检测'],
    complaints: [
      { title: '{item}费用过高', description: '{who}反映：企业办理{item}时被要求承担红线外的工程费用，费用明显偏高。' },
      { title: '收费标准不透明', description: '{who}反映：{unit}的{item}收费没有公示标准，收费项目和金额无法核实。' },
      { title: '指定中介机构收费偏高', description: '{who}反映：办理审批时被{unit}要求到指定中介机构办理{item}，收费远高于市场价格。' },
      { title: '涉企收费项目不合理', description: '{who}反映：{unit}收取的{item}费用已被明令取消，仍在继续收取。' },
    ],
    findings: {
      founded: ['经核查，{unit}存在向企业转嫁红线外投资费用的问题，反映情况属实。', '经核查，{unit}未按规定公示收费标准，反映情况属实。'],
      unfounded: ['经核查，相关收费项目和标准均有文件依据并已公示，反映问题不属实。'],
    },
    results: ['已退还企业的不合理收费，并书面说明情况。', '已公示收费标准，向企业逐项解释收费依据，企业表示认可。'],
    measures: ['全面公示涉企收费目录清单', '清理规范中介服务，取消指定中介', '落实红线外接入工程由供电、供水企业投资的政策'],
    noRectification: {
      unfounded: ['收费有据且已公示，反映问题不属实，无需整改。'],
      correctedOnTheSpot: ['不合理收费已当即退还，无需另行整改。'],
    },
  },
  {
    code: 'enquiry',
    weight: 15,
    complainedUnits: [
      'win-tax-01',
      'win-hrss-*',
      'win-bdc-01',
      'win-amr-01',
      'win-hpf-01',
      'win-mi-01',
      'dept-shuiwu',
      'dept-rsj',
      'dept-ybj',
      'dept-gjj',
      'dept-scjgj',
    ],
    items: [
      '小微企业税收优惠政策',
      '新办企业社保登记流程',
      '稳岗补贴申领条件',
      '不动产登记所需材料',
      '个体工商户登记流程',
      '住房公积金提取条件',
      '创业担保贷款申请条件',
      '医保异地就医备案',
    ],
    complaints: [
      { title: '咨询{item}', description: '{who}咨询{item}的具体规定和办理方式，希望{unit}给予解答。' },
      { title: '关于{item}的咨询', description: '{who}咨询{item}，询问需要准备哪些材料、到哪里办理。' },
    ],
    findings: { founded: ['{who}咨询{item}，经查阅相关政策文件，情况已清楚。'], unfounded: [] },
    results: ['已电话联系{who}，详细解答{item}的相关规定和办理流程，对方表示清楚。', '已将{item}的办事指南发送给{who}，并告知咨询电话。'],
    measures: [],
    noRectification: {
      unfounded: ['属政策咨询类事项，已答复清楚，无需整改。'],
      correctedOnTheSpot: ['属政策咨询类事项，已答复清楚，无需整改。'],
    },
  },
];

/** Fills `{name}` placeholders. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
