// screens/home.js: the start page: who is signed in and the work their
// role does, as links to the screens of the navigation.

import { h } from '../dom.js';
import { href } from '../router.js';
import { navFor } from '../screens.js';
import { ROLE_NAMES, label } from '../strings.js';
import { homeCounty } from '../units-data.js';

// What each role's work is, in a sentence.
const ROLE_WORK = {
  staff: '受理、审核、公告标准地名，编制和管理门楼牌。',
  inspector: '按巡检轮次检查行政区域界线和界桩，记录状况与维护。',
  admin: '管理区划、令牌与全部业务，查看审计日志。',
};

// Renders the start page.
export default async function render(main, ctx) {
  ctx.setTitle('首页');
  main.append(
    h('h1', null, `您好，${ctx.user.name}`),
    h('p', null, `身份：${label(ROLE_NAMES, ctx.user.role)}。${ROLE_WORK[ctx.user.role] || ''}`));
  const county = await homeCounty();
  if (!ctx.isCurrent()) return;
  const chain = [...county.chain.map((c) => c.name), county.name].join(' ');
  main.append(
    h('p', { class: 'lead' }, `${chain}（${county.code}），下辖 ${county.children.total} 个乡级区划。`),
    h('ul', { class: 'cards' },
      navFor(ctx.user.role).filter((s) => s.path !== '/').map((s) =>
        h('li', null, h('a', { class: 'card-link', href: href(s.path) }, s.nav)))));
}
