// signin.js: the sign-in screen: a token is checked with GET
// /api/v1/whoami and, when valid, kept for this browser tab.

import { api } from './api.js';
import { h, clear, message, field } from './dom.js';
import { saveSession } from './session-store.js';

// renderSignIn(root, onSignedIn, notice): shows the form in root; calls
// onSignedIn({name, role}) once the token is accepted.
export function renderSignIn(root, onSignedIn, notice) {
  document.title = '登录 · 地名管理';
  const input = h('input', {
    type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false',
  });
  const status = h('div', { class: 'status' });
  const button = h('button', { type: 'submit' }, '登录');
  const form = h('form', {
    class: 'card signin',
    onsubmit: async (ev) => {
      ev.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      button.disabled = true;
      clear(status, message('info', '正在验证……'));
      try {
        const user = await api('/api/v1/whoami', { token });
        saveSession(token, user);
        onSignedIn(user);
      } catch (err) {
        clear(status, message('error', err.status === 401
          ? '访问令牌无效或已撤销。' : `无法登录：${err.message}`));
        button.disabled = false;
        input.focus();
      }
    },
  },
  h('h1', null, '地名管理控制台'),
  h('p', null, '请输入管理员发给您的访问令牌。令牌只保存在本标签页中，关闭即失效。'),
  field('访问令牌', input),
  button,
  status);
  clear(root, h('main', { id: 'main', class: 'signin-page' },
    notice ? message('warn', notice) : null, form));
  input.focus();
}
