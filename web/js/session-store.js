// session-store.js: the token and who it belongs to, kept in the browser's
// session storage (gone when the tab closes; never in local storage).

const TOKEN_KEY = 'diming.token';
const USER_KEY = 'diming.user';

// getToken(): the signed-in token, or null.
export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

// getUser(): {name, role} of the signed-in token, or null.
export function getUser() {
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
  } catch {
    return null;
  }
}

// saveSession(token, user): keeps both for this tab.
export function saveSession(token, user) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify({ name: user.name, role: user.role }));
}

// clearSession(): forgets the token and the user.
export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}
