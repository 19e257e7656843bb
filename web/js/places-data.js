// places-data.js: what the place-name screens share: the categories (from
// GET /api/v1/places/categories, cached), the Chinese names of statuses,
// actions and document kinds, the articles behind the rule ids, and the
// naming procedure's graph as the server enforces it.

import { api } from './api.js';

let categoriesPromise = null;

// categories(): [{code, class, subclass, geometry, generics}], cached.
export function categories() {
  if (!categoriesPromise) {
    categoriesPromise = api('/api/v1/places/categories').then((r) => r.categories);
    categoriesPromise.catch(() => { categoriesPromise = null; });
  }
  return categoriesPromise;
}

export const STATUS_NAMES = {
  draft: '草稿',
  proposed: '已申报',
  under_review: '审核中',
  approved: '已批准',
  filed: '已备案',
  announced: '已公告',
  in_use: '使用中',
  cancelled: '已销名',
};

export const ACTION_NAMES = {
  create: '新建',
  update: '修改',
  register: '登记（导入）',
  propose: '提出申报',
  review: '审核（登记材料）',
  approve: '批准',
  file: '备案',
  announce: '公告',
  rename: '更名',
  cancel: '销名',
};

// The three documents approval needs (N5, 条例 Art. 11).
export const DOCUMENT_KINDS = {
  evaluation: '综合评估',
  expert_review: '专家论证',
  consultation: '征求意见',
};

// Where each rule comes from (DOMAIN.md).
export const RULE_SOURCES = {
  N1: '《地名管理条例》第九条：使用国家通用语言文字，不用生僻字（《通用规范汉字表》）',
  N2: '《地名管理条例》第九条，《实施办法》第三、四条：不以人名、外国地名、企业名称或商标命名',
  N3: '《地名管理条例》第九条：一定范围内不重名，避免同音',
  N4: '《地名管理条例》第九条：通名应与地理实体的类别相符',
  N5: '《地名管理条例》第十一条：综合评估、专家论证、征求意见',
  N6: '《地名管理条例》第十三、十四条：批准后十五日内备案、公告',
  N7: '《地名管理条例》第十条：一地一名，更名、销名留存历史',
  N8: '《地名管理条例》第二十五条：地名文化遗产保护名录内的地名更名须有保护方案',
  N9: '《地名管理条例》第十五条，1984 年《中国地名汉语拼音字母拼写规则》',
};

// The naming procedure (registry/reg_place_flow.c): the actions each
// status allows.  The server decides; this only picks the buttons, and a
// refusal (409) shows the server's own list.
export const ACTIONS_BY_STATUS = {
  draft: ['propose'],
  proposed: ['review'],
  under_review: ['review', 'approve'],
  approved: ['file', 'announce'],
  filed: ['announce'],
  announced: ['file'],
  in_use: ['rename', 'cancel'],
  cancelled: [],
};

// The statuses from approval on, which have an announcement (N6).
export const APPROVED_STATUSES = ['approved', 'filed', 'announced', 'in_use'];
