// router.js: hash routes ("#/units/620422100"), so that the server only
// ever serves index.html at "/".  Hashes that do not start with "#/" (the
// skip link's "#main") are not routes and are left alone.

// compile(path): a matcher for a route path with ":name" segments.
function compile(path) {
  const names = [];
  const source = path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  const re = new RegExp(`^${source}$`);
  return (p) => {
    const m = re.exec(p);
    if (!m) return null;
    const params = {};
    names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
    return params;
  };
}

// Router(routes): routes are objects with a `path`; match() finds one.
export class Router {
  constructor(routes) {
    this.routes = routes.map((r) => ({ ...r, match: compile(r.path) }));
  }

  // match(path): {route, params, query} for a path like "/units/62?x=1",
  // or null when no route has it.
  match(fullPath) {
    const [p, q = ''] = fullPath.split('?');
    for (const route of this.routes) {
      const params = route.match(p);
      if (params) return { route, params, query: new URLSearchParams(q) };
    }
    return null;
  }
}

// currentPath(): the route path of the location ("/" when none), or null
// when the hash is not a route.
export function currentPath() {
  const hash = location.hash;
  if (!hash || hash === '#') return '/';
  return hash.startsWith('#/') ? hash.slice(1) : null;
}

// go(path): navigates to the route path.
export function go(path) {
  location.hash = `#${path}`;
}

// link(path): the href of a route path.
export function href(path) {
  return `#${path}`;
}
