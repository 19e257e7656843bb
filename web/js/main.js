// main.js: starts the console: the sign-in screen without a token, the
// shell with one; back to sign-in when the API refuses the token.

import { onUnauthorized } from './api.js';
import { getToken, getUser, clearSession } from './session-store.js';
import { Shell } from './shell.js';
import { renderSignIn } from './signin.js';

const root = document.getElementById('app');
let shell = null;

// signedIn(user): shows the shell for user.
function signedIn(user) {
  shell = new Shell(root, user, signOut);
}

// signOut(notice): forgets the token and shows the sign-in screen, with an
// optional notice.
function signOut(notice) {
  if (shell) shell.destroy();
  shell = null;
  clearSession();
  renderSignIn(root, signedIn, typeof notice === 'string' ? notice : null);
}

onUnauthorized(() => signOut('访问令牌已失效，请重新登录。'));

// The service worker keeps what an inspector needs without a signal (sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}

const user = getUser();
if (getToken() && user) {
  signedIn(user);
} else {
  signOut();
}
