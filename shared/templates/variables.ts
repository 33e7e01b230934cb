/**
 * @module The one catalogue of template variables: names, descriptions, sample values (admin picker and
 * preview) and the safe fallback used when a value is missing at render time. Pure: no I/O.
 */

export interface TemplateVariable {
  /** Written in a template as `{{name}}`. */
  name: string;
  label: { zh: string; en: string };
  description: { zh: string; en: string };
  /** Shown in the admin preview. */
  sample: string;
  /** Used when the value is missing or empty at render time. */
  fallback: string;
  /**
   * Nothing stands in for it: when the value is missing, the whole sentence that holds it is left out
   * (“也可以在这里预约回电：{{form_link}}。” disappears rather than end in a colon).
   */
  optional?: boolean;
}

export const TEMPLATE_VARIABLES = [
  {
    name: 'customer.nickname',
    label: { zh: '客户昵称', en: 'Customer nickname' },
    description: {
      zh: '微信昵称（kf/customer/batchget）；缺失时为“您好”，所以模板宜写成“{{customer.nickname}}，…”',
      en: 'WeChat nickname (kf/customer/batchget); "您好" when unknown, so write "{{customer.nickname}}，…"',
    },
    sample: '小王',
    fallback: '您好',
  },
  {
    name: 'agent.name',
    label: { zh: '专属客服', en: 'Agent name' },
    description: {
      zh: '正在接待本会话的同事（或客户的专属客服经理）姓名；还没有人接待时为“客服同事”，不会说出别的同事的名字',
      en: "Name of whoever serves this conversation (or the customer's dedicated manager); \"客服同事\" while nobody does",
    },
    sample: '李娜',
    fallback: '客服同事',
  },
  {
    name: 'duty.name',
    label: { zh: '值班同事', en: 'On-duty name' },
    description: { zh: '当前值班（A 岗）同事姓名', en: 'Name of whoever is on duty now (A post)' },
    sample: '张伟',
    fallback: '值班同事',
  },
  {
    name: 'next_open',
    label: { zh: '下次上班时间', en: 'Next opening' },
    description: {
      zh: '由服务日历计算的下次上班时间，例如“10月8日（周四）09:00”，自动跨过长假',
      en: 'Next opening computed by the service calendar, e.g. "10月8日（周四）09:00"; skips long holidays',
    },
    sample: '10月8日（周四）09:00',
    fallback: '下一个工作时段',
  },
  {
    name: 'form_link',
    label: { zh: '预约表单链接', en: 'Appointment form link' },
    description: { zh: '客户填写预约/留言的 H5 链接', en: 'Link to the customer appointment form' },
    sample: 'https://moonshift.example/f/abc123',
    fallback: '',
    optional: true,
  },
  {
    name: 'expected_wait',
    label: { zh: '预计等待', en: 'Expected wait' },
    description: {
      zh: '所有同事都满负荷接待时，预计多久有同事空出（按平均接待时长和排队人数估算），例如“约 10 分钟”',
      en: 'When every agent is at the session cap: roughly how long until one is free, e.g. "约 10 分钟"',
    },
    sample: '约 10 分钟',
    fallback: '一段时间',
  },
  {
    name: 'order_link',
    label: { zh: '订单查询链接', en: 'Order tracking link' },
    description: { zh: '订单/退款进度查询链接', en: 'Order and refund tracking link' },
    sample: 'https://moonshift.example/orders',
    fallback: '',
    optional: true,
  },
  {
    name: 'org.name',
    label: { zh: '企业名称', en: 'Company name' },
    description: { zh: '客服账号所属企业的简称', en: "Short name of the desk's company" },
    sample: '月移科技',
    fallback: '我们',
  },
  {
    name: 'org.emergency_phone',
    label: { zh: '紧急联系电话', en: 'Emergency phone' },
    description: {
      zh: '情况危急时客户可直接拨打的电话（企业设置）；未设置时，含它的整句不发送',
      en: "The number a customer can call when it cannot wait (org settings); when unset, the sentence holding it is left out",
    },
    sample: '400-820-1234',
    fallback: '',
    optional: true,
  },
  {
    name: 'holiday.name',
    label: { zh: '节日名称', en: 'Holiday name' },
    description: {
      zh: '今天所属的法定节假日（如“国庆节”“春节”），或管理员为休息日写的说明',
      en: "Today's statutory holiday (e.g. 国庆节, 春节) or the admin's note for a closed day",
    },
    sample: '国庆节',
    fallback: '节假日',
  },
] as const satisfies readonly TemplateVariable[];

export type TemplateVariableName = (typeof TEMPLATE_VARIABLES)[number]['name'];
export type TemplateVars = Partial<Record<TemplateVariableName, string | null | undefined>>;

export const VARIABLE_BY_NAME: ReadonlyMap<string, TemplateVariable> = new Map(
  TEMPLATE_VARIABLES.map((v) => [v.name, v] as const),
);

/** Sample values for the admin preview. */
export function sampleVars(): TemplateVars {
  const out: Record<string, string> = {};
  for (const v of TEMPLATE_VARIABLES) out[v.name] = v.sample;
  return out as TemplateVars;
}

/** `{{ name }}` occurrences; spaces inside the braces are tolerated. */
export const VARIABLE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface VariableUse {
  name: string;
  /** Character offset of the opening `{{` in the field. */
  index: number;
}

export function findVariables(text: string): VariableUse[] {
  const out: VariableUse[] = [];
  for (const m of text.matchAll(VARIABLE_PATTERN)) out.push({ name: m[1] ?? '', index: m.index ?? 0 });
  return out;
}
