// shell.js: the signed-in frame: header with the user and role, the
// navigation of the role, and the main area where screens render.

import { h, clear, message } from './dom.js';
import { mountOutboxBadge } from './outbox-badge.js';
import { Router, currentPath, href } from './router.js';
import { SCREENS, navFor } from './screens.js';
import { ROLE_NAMES, label } from './strings.js';

// Shell(root, user, onSignOut): renders the frame into root and follows the
// location's hash.  user: {name, role}.
export class Shell {
  constructor(root, user, onSignOut) {
    this.user = user;
    this.router = new Router(SCREENS);
    this.cleanup = null;
    this.renderSeq = 0;
    this.onHash = () => this.route();
    this.nav = h('nav', { id: 'nav', class: 'nav', 'aria-label': '主导航' },
      h('ul', null, navFor(user.role).map((s) =>
        h('li', null, h('a', { href: href(s.path), dataset: { path: s.path } }, s.nav)))));
    const toggle = h('button', {
      type: 'button', class: 'nav-toggle', 'aria-controls': 'nav', 'aria-expanded': 'false',
      onclick: () => this.toggleNav(),
    }, '菜单');
    this.extra = h('div', { class: 'header-extra' });
    this.main = h('main', { id: 'main', tabindex: '-1' });
    clear(root, 
      h('header', { class: 'top' },
        h('a', { class: 'brand', href: href('/') }, '地名管理'),
        toggle,
        this.nav,
        this.extra,
        h('div', { class: 'user' },
          h('span', { id: 'whoami', dataset: { role: user.role } },
            h('span', { class: 'user-name' }, user.name), ' · ',
            h('span', { class: 'user-role' }, label(ROLE_NAMES, user.role))),
          h('button', { type: 'button', class: 'link', onclick: onSignOut }, '退出'))),
      this.main);
    this.toggleButton = toggle;
    if (['inspector', 'admin'].includes(user.role)) mountOutboxBadge(this.extra);
    window.addEventListener('hashchange', this.onHash);
    this.route();
  }

  // toggleNav(open): opens or closes the navigation on narrow screens.
  toggleNav(open) {
    const isOpen = open ?? !this.nav.classList.contains('open');
    this.nav.classList.toggle('open', isOpen);
    this.toggleButton.setAttribute('aria-expanded', String(isOpen));
  }

  // destroy(): stops following the hash and cleans the current screen up.
  destroy() {
    window.removeEventListener('hashchange', this.onHash);
    if (this.cleanup) this.cleanup();
    this.cleanup = null;
  }

  // route(): renders the screen of the current hash.
  async route() {
    const path = currentPath();
    if (path === null) return;
    const seq = ++this.renderSeq;
    const focusBefore = document.activeElement;
    if (this.cleanup) this.cleanup();
    this.cleanup = null;
    this.toggleNav(false);
    const found = this.router.match(path);
    for (const a of this.nav.querySelectorAll('a')) {
      const p = a.dataset.path;
      const current = found && (p === path.split('?')[0] ||
        (p !== '/' && path.startsWith(`${p}/`)));
      if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    clear(this.main);
    if (!found) {
      this.main.append(h('h1', null, '找不到该页面'), message('error', `没有页面“${path}”。`));
      return;
    }
    if (!found.route.roles.includes(this.user.role)) {
      this.main.append(h('h1', null, '无权访问'),
        message('error', `${label(ROLE_NAMES, this.user.role)}不能使用此页面。`));
      return;
    }
    const ctx = {
      user: this.user,
      params: found.params,
      query: found.query,
      shell: this,
      setTitle: (t) => { document.title = `${t} · 地名管理`; },
      isCurrent: () => seq === this.renderSeq,
    };
    try {
      const mod = await found.route.load();
      if (seq !== this.renderSeq) return;
      const cleanup = await mod.default(this.main, ctx);
      if (seq !== this.renderSeq) {
        if (typeof cleanup === 'function') cleanup();
        return;
      }
      this.cleanup = typeof cleanup === 'function' ? cleanup : null;
      // The new page's heading takes the focus, unless the user has moved
      // it somewhere else while the page was loading.
      const heading = this.main.querySelector('h1');
      const moved = document.activeElement !== focusBefore && document.activeElement !== document.body;
      if (heading && !moved) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
    } catch (err) {
      if (seq !== this.renderSeq) return;
      this.main.append(message('error', err.message || String(err)));
    }
  }
}
